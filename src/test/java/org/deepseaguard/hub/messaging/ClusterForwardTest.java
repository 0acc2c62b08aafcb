package org.deepseaguard.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.junit.jupiter.api.Test;

/** Cluster mode's forwarding steps; the route itself runs in ClusterIT. */
class ClusterForwardTest {

    private static final Telemetry FIX = new Telemetry("AUV-1", Instant.parse("2026-11-30T10:00:00Z"), 10.5, 80.5, 100.0,
            null, null, null, null);

    private final ObjectMapper json = new ObjectMapper();
    private final ClusterForward forward = new ClusterForward(json);

    @Test
    void theCallerIsToldEveryForwardedFixWasAcceptedAndTheRefusedItemsAsWithoutClusterMode() {
        TelemetryBatch.Rejected refused = new TelemetryBatch.Rejected(1, List.of(new FieldError("depth", "is required")));
        TelemetryBatch batch = new TelemetryBatch(List.of(FIX, FIX), 3, List.of(refused), "http");

        BatchResult answer = forward.forwarded(batch);

        assertThat(answer.received()).isEqualTo(3);
        assertThat(answer.accepted()).isEqualTo(2);
        assertThat(answer.duplicates()).isZero();
        assertThat(answer.rejected()).containsExactly(refused);
        assertThat(answer.results()).as("nothing judged here").isEmpty();
    }

    @Test
    void oneRecordPerVehicleKeyedByItsIdWithItsFixesInTheOrderReceived() throws Exception {
        Telemetry second = new Telemetry("AUV-1", FIX.timestamp().plusSeconds(10), 10.6, 80.5, 101.0, 90.0, 1.5, null, "M-7");
        Telemetry other = new Telemetry("AUV-2", FIX.timestamp(), 11.0, 81.0, 200.0, null, null, 87.5, null);
        TelemetryBatch batch = new TelemetryBatch(List.of(second, other, FIX), 3, List.of(), "http");

        List<Message> records = forward.records(batch, new DefaultExchange(new DefaultCamelContext()));

        assertThat(records).extracting(m -> m.getHeader(KafkaConstants.KEY)).containsExactly("AUV-1", "AUV-2");
        assertThat(records.get(0).getHeaders()).as("the key only").containsOnlyKeys(KafkaConstants.KEY);
        assertThat(json.readTree(records.get(0).getBody(String.class))).isEqualTo(json.readTree("""
                [{"auv_id":"AUV-1","timestamp":"2026-11-30T10:00:10Z","latitude":10.6,"longitude":80.5,"depth":101.0,
                  "heading":90.0,"speed":1.5,"mission_id":"M-7"},
                 {"auv_id":"AUV-1","timestamp":"2026-11-30T10:00:00Z","latitude":10.5,"longitude":80.5,"depth":100.0}]"""));
        assertThat(json.readTree(records.get(1).getBody(String.class))).isEqualTo(json.readTree("""
                [{"auv_id":"AUV-2","timestamp":"2026-11-30T10:00:00Z","latitude":11.0,"longitude":81.0,"depth":200.0,
                  "battery":87.5}]"""));
    }

    @Test
    void clusterModeWithoutTheKafkaConsumerRefusesToStart() {
        IngestProperties ingest = new IngestProperties(null, null,
                new IngestProperties.Kafka(false, "auv_telemetry", "deepseaguard-hub", 1, "earliest", 500));

        assertThatThrownBy(() -> new ClusterForwardRoutes(ingest, forward))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deepseaguard.ingest.kafka.enabled=true");
    }
}
