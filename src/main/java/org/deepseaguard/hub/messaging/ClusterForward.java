package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code cluster-forward} (cluster mode): a validated batch's fixes as Kafka
 * records, one per vehicle (keyed by {@code auv_id}, the value a JSON array of that vehicle's fixes
 * of the batch in the order received, each in the telemetry form of DESIGN section 6), and the
 * answer for the caller once Kafka acknowledged them all. One record per vehicle keeps a vehicle's
 * fixes of one batch together (judged in one transaction by its owner) and in order; the records of
 * a batch are sent together and acknowledged together.
 *
 * <p>The answer cannot know what the judging instance will make of a fix (applied, late or a
 * duplicate): every forwarded fix is counted as accepted ({@code applied}), none as a duplicate;
 * refused items are reported as without cluster mode (docs/deviations.md). Stateless and thread-safe.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterForward {

    private final ObjectMapper json;

    public ClusterForward(ObjectMapper json) {
        this.json = json;
    }

    /** The batch's records for Kafka: one message per vehicle, its key in {@link KafkaConstants#KEY}. */
    public List<Message> records(TelemetryBatch batch, Exchange exchange) throws JsonProcessingException {
        Map<String, List<Map<String, Object>>> byVehicle = new LinkedHashMap<>();
        for (Telemetry fix : batch.fixes()) {
            byVehicle.computeIfAbsent(fix.auvId(), id -> new ArrayList<>(2)).add(AnalyticsRecord.toMap(fix));
        }
        List<Message> records = new ArrayList<>(byVehicle.size());
        for (Map.Entry<String, List<Map<String, Object>>> vehicle : byVehicle.entrySet()) {
            Message record = new DefaultMessage(exchange);
            record.setHeader(KafkaConstants.KEY, vehicle.getKey());
            record.setBody(json.writeValueAsString(vehicle.getValue()));
            records.add(record);
        }
        return records;
    }

    /** What the caller is told once every fix of the batch is on Kafka. */
    public BatchResult forwarded(TelemetryBatch batch) {
        return new BatchResult(List.of(), batch.received(), batch.fixes().size(), 0, 0, batch.rejected());
    }
}
