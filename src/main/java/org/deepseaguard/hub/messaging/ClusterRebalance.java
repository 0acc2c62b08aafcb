package org.deepseaguard.hub.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.deepseaguard.hub.service.ComplianceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's hand-over of vehicles: whenever the consumer of route {@code ingest-kafka} is
 * assigned partitions (at its first poll and after every rebalance), or loses or gives up some, the
 * working set becomes the vehicles of the partitions it owns now: on assignment read from the database
 * ({@link ComplianceService#takeOver}), what their previous owner committed, which committed the
 * Kafka offsets only after that ({@link KafkaBatches}); on revocation or loss the vehicles handed
 * over leave it ({@link ComplianceService#release}). A vehicle's partition is Kafka's
 * own choice for its key ({@link #partition}), so the telemetry-gap watchdog of each instance
 * checks exactly the vehicles it owns, silent ones included.
 *
 * <p>camel-kafka 4.17 has no endpoint option for a rebalance listener; it looks a
 * {@link SubscribeAdapter} up in the registry under the name {@value KafkaConstants#KAFKA_SUBSCRIBE_ADAPTER}
 * (this bean's name) for every Kafka consumer of the context and hands it Camel's own rebalance
 * listener, which this adapter wraps: Camel's listener first (its offset and pause handling), then
 * ours. Only route {@code ingest-kafka} consumes Kafka in the hub. Called on the consumers' polling
 * threads; thread-safe.
 */
@Component(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER)
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterRebalance implements SubscribeAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalance.class);

    private final ComplianceService compliance;
    private final String topic;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    /** The topic's partition count, as the consumer last read it. */
    private volatile int partitions;

    public ClusterRebalance(ComplianceService compliance, IngestProperties ingest) {
        this.compliance = compliance;
        this.topic = ingest.kafka().topic();
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        subscribe.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                camelListener.onPartitionsRevoked(revoked);
                assigned.removeAll(revoked);
                compliance.release(ClusterRebalance.this::owns);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> added) {
                camelListener.onPartitionsAssigned(added);
                assigned.addAll(added);
                int owned = takeOver(consumer);
                LOG.info("Assigned partitions {} (owning {} of {}): {} vehicles read from the database",
                        added, assigned.size(), partitions, owned);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> lost) {
                camelListener.onPartitionsLost(lost);
                assigned.removeAll(lost);
                compliance.release(ClusterRebalance.this::owns);
            }
        }, topicInfo);
    }

    private int takeOver(Consumer<?, ?> consumer) {
        partitions = consumer.partitionsFor(topic).size();
        return compliance.takeOver(this::owns);
    }

    /** Whether this instance owns the vehicle now: its partition is assigned here. */
    public boolean owns(String auvId) {
        int count = partitions;
        return count > 0 && assigned.contains(new TopicPartition(topic, partition(auvId, count)));
    }

    /**
     * The partition Kafka's producer picks for a record keyed by {@code auvId} (its built-in
     * partitioner for keyed records: murmur2 of the UTF-8 key, as the hub's String serializer
     * writes it) among {@code partitions}.
     */
    public static int partition(String auvId, int partitions) {
        return Utils.toPositive(Utils.murmur2(auvId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The topic's partition count as the consumer last read it; 0 before its first assignment. */
    public int partitionCount() {
        return partitions;
    }

    /** The partitions this instance owns now (as its consumer was last told). */
    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assigned);
    }
}
