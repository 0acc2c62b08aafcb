package org.deepseaguard.hub.alerts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Builds the alert payloads (docs/api.md, "Alerts"): a critical alert wraps one violation change;
 * a warning digest lists the warnings batched in one window.
 */
@Component
public class AlertFactory {

    private final ObjectMapper json;
    private final Clock clock;

    public AlertFactory(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * {@code {"alert_id","event_type","severity","auv_id","rule_id","zone_id","message","created_at","violation":{...}}}
     *
     * @param violationJson the violation as published on compliance_violations
     * @param eventType     {@code violation_opened} or {@code violation_closed}
     */
    public String critical(String violationJson, String eventType) throws JsonProcessingException {
        JsonNode violation = json.readTree(violationJson);
        ObjectNode alert = json.createObjectNode();
        alert.put("alert_id", UUID.randomUUID().toString());
        alert.put("event_type", eventType);
        alert.put("severity", violation.path("severity").asText());
        alert.put("auv_id", violation.path("auv_id").asText());
        alert.set("rule_id", violation.get("rule_id"));
        alert.set("zone_id", violation.get("zone_id"));
        alert.set("message", violation.get("message"));
        alert.put("created_at", clock.instant().toString());
        alert.set("violation", violation);
        return json.writeValueAsString(alert);
    }

    /**
     * The violation JSONs of a warning batch: the list the aggregator built, or that list as the JSON
     * array of strings a parked digest keeps as its payload (a replayed dead letter).
     *
     * @throws JsonProcessingException when text is not such an array (never retried by the dead-letter channel)
     */
    public List<String> batch(Object batch) throws JsonProcessingException {
        if (batch instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        JsonNode parked = json.readTree(String.valueOf(batch));
        if (!parked.isArray()) {
            throw new JsonParseException(null, "a warning batch is a JSON array of violations, got: " + parked.getNodeType());
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : parked) {
            items.add(item.isTextual() ? item.asText() : json.writeValueAsString(item));
        }
        return items;
    }

    /**
     * {@code {"digest_id","event_type":"warning_digest","severity":"warning","created_at","count","violations":[...]}}
     * where each item is a violation change as published on compliance_violations.
     */
    public String digest(List<String> violationJsons) throws JsonProcessingException {
        ObjectNode digest = json.createObjectNode();
        digest.put("digest_id", UUID.randomUUID().toString());
        digest.put("event_type", "warning_digest");
        digest.put("severity", "warning");
        digest.put("created_at", clock.instant().toString());
        digest.put("count", violationJsons.size());
        ArrayNode items = digest.putArray("violations");
        for (String v : violationJsons) {
            items.add(json.readTree(v));
        }
        return json.writeValueAsString(digest);
    }
}
