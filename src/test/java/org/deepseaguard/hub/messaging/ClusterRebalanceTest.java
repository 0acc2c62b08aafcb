package org.deepseaguard.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A vehicle's partition as this instance computes it is the one Kafka's producer writes it to. */
class ClusterRebalanceTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 7, 32})
    void theVehiclesPartitionIsTheProducersChoiceForItsKey(int partitions) {
        for (int i = 0; i < 2_000; i++) {
            String auvId = "AUV-" + i;
            assertThat(ClusterRebalance.partition(auvId, partitions)).as(auvId)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(auvId.getBytes(StandardCharsets.UTF_8), partitions));
        }
    }

    @Test
    void idsSpreadOverEveryPartition() {
        boolean[] seen = new boolean[4];
        for (int i = 0; i < 100; i++) {
            seen[ClusterRebalance.partition("AUV-CLUSTER-" + i, 4)] = true;
        }
        assertThat(seen).containsOnly(true);
    }
}
