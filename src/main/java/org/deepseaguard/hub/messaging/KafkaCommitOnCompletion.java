package org.deepseaguard.hub.messaging;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Commits a Kafka record's offset once the exchange completed (fix evaluated and persisted, or
 * parked in the dead letters, or on the broker's DLQ when the table cannot be written), never before.
 * Parking never fails on the record's content, so one bad record never stalls its partition. A
 * failed exchange (nothing could record it) is not committed; the consumer
 * ({@code breakOnFirstError}) goes back to the record and tries it again. Stateless and thread-safe.
 */
@Component
public class KafkaCommitOnCompletion implements Processor {

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("not a Kafka record with manual commit allowed");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                commit.commit();
            }

            // stays with this exchange: a seda hand-off (analytics, InfluxDB) would otherwise take the
            // commit along to its own thread (KafkaConsumer is single-threaded) and commit too late
            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }
}
