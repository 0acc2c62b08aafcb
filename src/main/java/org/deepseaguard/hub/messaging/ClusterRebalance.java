package org.deepseaguard.hub.messaging;

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
import org.deepseaguard.hub.service.ComplianceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's hand-over of vehicles: whenever the consumer of route {@code ingest-kafka} is
 * assigned partitions (at its first poll and after every rebalance), or loses or gives up some,
 * the working set is forgotten ({@link ComplianceService#forgetWorkingSet()}), so each vehicle of a
 * partition this instance now owns is judged from the state the database holds (its previous owner committed it, and committed
 * the Kafka offset only after that: {@link KafkaCommitOnCompletion}).
 *
 * <p>camel-kafka 4.17 has no endpoint option for a rebalance listener; it looks a
 * {@link SubscribeAdapter} up in the registry under the name {@value KafkaConstants#KAFKA_SUBSCRIBE_ADAPTER}
 * (this bean's name) for every Kafka consumer of the context and hands it Camel's own rebalance
 * listener, which this adapter wraps: Camel's listener first (its offset and pause handling), then
 * ours. Only route {@code ingest-kafka} consumes Kafka in the hub. Called on the consumer's polling
 * thread; thread-safe.
 */
@Component(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER)
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterRebalance implements SubscribeAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalance.class);

    private final ComplianceService compliance;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    public ClusterRebalance(ComplianceService compliance) {
        this.compliance = compliance;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        subscribe.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsRevoked(partitions);
                assigned.removeAll(partitions);
                compliance.forgetWorkingSet();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsAssigned(partitions);
                assigned.addAll(partitions);
                compliance.forgetWorkingSet();
                LOG.info("Assigned partitions {}: vehicle states are read from the database at their next fix",
                        partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsLost(partitions);
                assigned.removeAll(partitions);
                compliance.forgetWorkingSet();
            }
        }, topicInfo);
    }

    /** The partitions this instance owns now (as its consumer was last told). */
    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assigned);
    }
}
