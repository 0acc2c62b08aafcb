package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.hub.service.BatchResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.deepseaguard.core.model.Telemetry;
import org.springframework.stereotype.Component;

/**
 * Turns an applied fix into the {@code auv_analytics} record: the telemetry JSON of DESIGN section 6
 * (snake_case, ISO-8601 UTC timestamp) as the value and {@code auv_id} as the key, so the records of
 * one vehicle stay on one partition, in order. Accepts a {@link Telemetry}, a JSON tree, or JSON text.
 * Thread-safe.
 */
@Component
public class AnalyticsRecord implements Processor {

    private final ObjectMapper json;

    public AnalyticsRecord(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        JsonNode fix;
        if (body instanceof Telemetry telemetry) {
            fix = json.valueToTree(toMap(telemetry));
        } else if (body instanceof JsonNode node) {
            fix = node;
        } else {
            fix = json.readTree(message.getBody(String.class));
        }
        JsonNode auvId = fix.get("auv_id");
        if (auvId == null || !auvId.isTextual()) {
            throw new IllegalArgumentException("an analytics record needs the fix's auv_id");
        }
        message.setHeader(KafkaConstants.KEY, auvId.asText());
        message.setHeader("auv_id", auvId.asText());
        message.setBody(json.writeValueAsString(fix));
    }

    /** The fixes of a batch that moved their vehicle on, in the order they were judged. */
    public List<Telemetry> appliedFixes(BatchResult batch) {
        return batch.appliedFixes();
    }

    static Map<String, Object> toMap(Telemetry fix) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("auv_id", fix.auvId());
        map.put("timestamp", fix.timestamp().toString());
        map.put("latitude", fix.latitude());
        map.put("longitude", fix.longitude());
        map.put("depth", fix.depth());
        putIfPresent(map, "heading", fix.heading());
        putIfPresent(map, "speed", fix.speed());
        putIfPresent(map, "battery", fix.battery());
        putIfPresent(map, "mission_id", fix.missionId());
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
