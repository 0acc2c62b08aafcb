package org.deepseaguard.hub.alerts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The persistent store of open warning batches (tables {@code warning_batches} and
 * {@code warning_batches_completed} from Flyway V2): a {@link WarningBatchRepository}.
 *
 * <p>Recovery is on: a batch that was completed (moved to {@code warning_batches_completed}) but whose
 * digest was never confirmed as handled, because the hub stopped while building or sending it or
 * because even parking it failed, is sent again by the aggregator's recovery task (every 5 s), at most
 * 5 times, then handed to {@code direct:dead-letter-park}. In cluster mode only batches completed more
 * than {@link #CLUSTER_RECOVERY_GRACE} ago are recovered (another instance may be sending a newer one).
 */
@Configuration(proxyBeanMethods = false)
public class AlertConfig {

    /**
     * Cluster mode: how old a completed batch must be before this instance's recovery sends it
     * again. Every instance's recovery task scans the one table; without the grace, one instance
     * would send again the digest another is sending at that moment (Camel's recovery knows only its
     * own instance's digests in progress). Far beyond the time a digest takes, redeliveries included.
     */
    static final Duration CLUSTER_RECOVERY_GRACE = Duration.ofSeconds(60);

    @Bean
    JdbcAggregationRepository warningBatchRepository(DataSource dataSource, PlatformTransactionManager transactions,
                                                     ClusterProperties cluster) {
        JdbcAggregationRepository repository = new WarningBatchRepository(transactions, "warning_batches", dataSource,
                cluster.enabled() ? CLUSTER_RECOVERY_GRACE : Duration.ZERO);
        repository.setUseRecovery(true);
        repository.setMaximumRedeliveries(5);
        repository.setDeadLetterUri(DeadLetterRouteConfiguration.PARK_URI);
        return repository;
    }

    /**
     * Camel's {@link JdbcAggregationRepository} (4.17) with its version check on completion restored.
     *
     * <p>Camel's {@code remove} (called when a batch completes) runs
     * {@code DELETE FROM warning_batches WHERE id = ? AND version = ?} without looking at the row count,
     * then inserts the batch into {@code warning_batches_completed} under the batch exchange's id. With
     * optimistic locking the aggregator takes no lock of its own, so two completions of the same batch
     * version (two callers completing it by size, or a caller and the interval task) both "succeed":
     * the second one's DELETE removes nothing and its INSERT hits the first one's row, a duplicate key
     * that used to reach the telemetry request (issue 7); had the first digest been confirmed already,
     * the same warnings would have gone out twice. Likewise an interval completion that lost the row to
     * a concurrent add published a stale copy of the batch while the newer version stayed open, so
     * those warnings went out again in the next digest.
     *
     * <p>Camel's {@code add} has the mirror image of that gap: when the row of a batch it read is gone
     * (completed meanwhile), it inserts the batch again, with every warning already sent in the digest,
     * so they went out twice.
     *
     * And Camel starts every batch at version 1, so a version check can pass against the wrong batch:
     * a writer that read version n of a batch that completed meanwhile overwrites the next batch once
     * that one is at version n too, and its warnings are lost.
     *
     * <p>Here every batch starts at a random version, and a write that does not hit exactly the version
     * read (DELETE on completion, UPDATE on add) throws
     * {@link OptimisticLockingException} (rolling the transaction back, nothing inserted), as the
     * optimistic-locking contract wants: the aggregator then retries the warning against the batch as
     * it is now (completion by size), or leaves the batch to the next tick (completion by interval).
     * Camel fixed the {@code remove} half in 4.22 (CAMEL-24048); before dropping this class on an upgrade,
     * check that {@code add} is fixed too (WarningDigestsTest catches both).
     *
     * <p>Thread-safe, like its parent: state lives in the database.
     */
    static final class WarningBatchRepository extends JdbcAggregationRepository {

        private final Duration recoveryGrace;

        WarningBatchRepository(PlatformTransactionManager transactions, String table, DataSource dataSource,
                               Duration recoveryGrace) {
            super(transactions, table, dataSource);
            this.recoveryGrace = recoveryGrace;
        }

        /**
         * The completed batches to recover: all of them, or in cluster mode only those completed
         * longer ago than the grace period (column {@code completed_at}, Flyway V59).
         */
        @Override
        public Set<String> scan(CamelContext camelContext) {
            if (recoveryGrace.isZero()) {
                return super.scan(camelContext);
            }
            return new LinkedHashSet<>(jdbcTemplate.queryForList("SELECT id FROM " + getRepositoryNameCompleted()
                    + " WHERE completed_at < ?", String.class, OffsetDateTime.now(ZoneOffset.UTC).minus(recoveryGrace)));
        }

        /**
         * A new batch (no version: not read from the table) is inserted with a random first version;
         * Camel starts every batch at version 1, so a writer still holding version n of a batch that has
         * completed meanwhile could overwrite the next batch once that one reached version n too (ABA),
         * losing its warnings. A batch read from the table (it carries the version read) is written back
         * only over that version; Camel's own {@code add} inserts it afresh when the row is gone, i.e. it
         * brings back a batch that was completed meanwhile.
         */
        @Override
        public Exchange add(CamelContext camelContext, String correlationId, Exchange batch) {
            Long version = batch.getProperty(VERSION_PROPERTY, Long.class);
            return transactionTemplate.execute(status -> {
                try {
                    if (version != null) {
                        update(camelContext, correlationId, batch, getRepositoryName(), version);
                    } else if (present(correlationId)) {
                        throw new OptimisticLockingException(); // another writer started the batch first
                    } else {
                        insert(camelContext, correlationId, batch, getRepositoryName(),
                                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
                    }
                    return null;
                } catch (OptimisticLockingException e) {
                    throw e;
                } catch (DataIntegrityViolationException e) {
                    throw new OptimisticLockingException(); // another instance inserted the new batch first
                } catch (Exception e) {
                    // a duplicate key (two writers inserting a new batch) is mapped to a conflict by Camel
                    throw new RuntimeCamelException("Error adding to repository " + getRepositoryName()
                            + " with key " + correlationId, e);
                }
            });
        }

        private boolean present(String correlationId) {
            Integer rows = jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + getRepositoryName() + " WHERE id = ?",
                    Integer.class, correlationId);
            return rows != null && rows > 0;
        }

        @Override
        public void remove(CamelContext camelContext, String correlationId, Exchange batch) {
            Long version = batch.getProperty(VERSION_PROPERTY, Long.class);
            if (version == null) {
                throw new IllegalStateException("batch " + correlationId + " to complete was not read from "
                        + getRepositoryName() + " (no " + VERSION_PROPERTY + ")");
            }
            transactionTemplate.executeWithoutResult(status -> {
                int deleted = jdbcTemplate.update("DELETE FROM " + getRepositoryName() + " WHERE id = ? AND version = ?",
                        correlationId, version);
                if (deleted != 1) {
                    throw new OptimisticLockingException();
                }
                try {
                    insert(camelContext, batch.getExchangeId(), batch, getRepositoryNameCompleted(), version);
                } catch (Exception e) {
                    throw new RuntimeCamelException("Error completing batch " + correlationId + " in repository "
                            + getRepositoryName(), e);
                }
            });
        }
    }
}
