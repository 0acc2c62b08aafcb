package org.deepseaguard.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.junit.jupiter.api.Test;

/** Cluster mode's forwarding steps; the route itself runs in ClusterIT. */
class ClusterForwardTest {

    private static final Telemetry FIX = new Telemetry("AUV-1", Instant.parse("2026-11-30T10:00:00Z"), 10.5, 80.5, 100.0,
            null, null, null, null);

    @Test
    void theCallerIsToldEveryForwardedFixWasAcceptedAndTheRefusedItemsAsWithoutClusterMode() {
        TelemetryBatch.Rejected refused = new TelemetryBatch.Rejected(1, List.of(new FieldError("depth", "is required")));
        TelemetryBatch batch = new TelemetryBatch(List.of(FIX, FIX), 3, List.of(refused), "http");

        BatchResult answer = new ClusterForward().forwarded(batch);

        assertThat(answer.received()).isEqualTo(3);
        assertThat(answer.accepted()).isEqualTo(2);
        assertThat(answer.duplicates()).isZero();
        assertThat(answer.rejected()).containsExactly(refused);
        assertThat(answer.results()).as("nothing judged here").isEmpty();
        assertThat(new ClusterForward().fixes(batch)).containsExactly(FIX, FIX);
    }

    @Test
    void clusterModeWithoutTheKafkaConsumerRefusesToStart() {
        IngestProperties ingest = new IngestProperties(null, null,
                new IngestProperties.Kafka(false, "auv_telemetry", "deepseaguard-hub", 1, "earliest"));

        assertThatThrownBy(() -> new ClusterForwardRoutes(ingest, new ClusterForward(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deepseaguard.ingest.kafka.enabled=true");
    }
}
