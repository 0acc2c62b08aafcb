package org.deepseaguard.hub.alerts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.deepseaguard.core.model.Violation;
import org.springframework.stereotype.Component;

/**
 * Builds the alert payloads (docs/api.md, "Messages on the outputs"): an alert wraps one violation
 * change; a warning digest lists the warnings batched in one window. Ids are deterministic
 * (name-based UUIDs), so an alert or a digest built again, or sent again, has the same id and a
 * receiver can drop the repeat. Thread-safe.
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
     * The id of the alert about one violation transition: a name-based UUID of
     * {@code violation_id|transition}, the same every time it is built (a receiver drops a repeat).
     */
    public static String alertId(String violationId, String transition) {
        return nameUuid("alert|" + violationId + "|" + transition);
    }

    /**
     * The id of one delivery of that alert to one subscription: a name-based UUID of
     * {@code violation_id|transition|subscription_id} (header {@code X-DeepSeaGuard-Delivery}).
     */
    public static String deliveryId(String violationId, String transition, String subscriptionId) {
        return nameUuid(violationId + "|" + transition + "|" + subscriptionId);
    }

    /** The id of a digest window: a name-based UUID of the batch's content, so a digest built again has it too. */
    public static String windowId(List<String> violationJsons) {
        return nameUuid("warning_digest|" + String.join("\n", violationJsons));
    }

    /** The id of a window's digest for one subscription (its delivery id): a name-based UUID of {@code window_id|subscription_id}. */
    public static String digestDeliveryId(String windowId, String subscriptionId) {
        return nameUuid(windowId + "|" + subscriptionId);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * {@code {"alert_id","event_type","severity","auv_id","rule_id","zone_id","message","created_at","violation":{...}}}
     *
     * @param violationJson the violation as published on compliance_violations
     * @param eventType     {@code violation_opened} or {@code violation_closed}
     */
    public String critical(String violationJson, String eventType) throws JsonProcessingException {
        return alert((ObjectNode) json.readTree(violationJson), eventType, clock.instant());
    }

    /** The same alert built from the violation itself (the outbox, in the batch's transaction). */
    public String alert(Violation violation, String eventType, Instant createdAt) {
        try {
            return alert(json.valueToTree(violation), eventType, createdAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("violation " + violation.violationId() + " is not JSON-serialisable", e);
        }
    }

    private String alert(ObjectNode violation, String eventType, Instant createdAt) throws JsonProcessingException {
        ObjectNode alert = json.createObjectNode();
        alert.put("alert_id", alertId(violation.path("violation_id").asText(), eventType));
        alert.put("event_type", eventType);
        alert.put("severity", violation.path("severity").asText());
        alert.put("auv_id", violation.path("auv_id").asText());
        alert.set("rule_id", violation.get("rule_id"));
        alert.set("zone_id", violation.get("zone_id"));
        alert.set("message", violation.get("message"));
        alert.put("created_at", createdAt.toString());
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
     * where each item is a violation change as published on compliance_violations; {@code digest_id}
     * is the window's id ({@link #windowId}).
     */
    public String digest(List<String> violationJsons) throws JsonProcessingException {
        return digest(windowId(violationJsons), violationJsons, clock.instant());
    }

    /** A digest with the given id (a subscription's digest: its delivery id) and creation time. */
    public String digest(String digestId, List<String> violationJsons, Instant createdAt) throws JsonProcessingException {
        ObjectNode digest = json.createObjectNode();
        digest.put("digest_id", digestId);
        digest.put("event_type", "warning_digest");
        digest.put("severity", "warning");
        digest.put("created_at", createdAt.toString());
        digest.put("count", violationJsons.size());
        ArrayNode items = digest.putArray("violations");
        for (String v : violationJsons) {
            items.add(json.readTree(v));
        }
        return json.writeValueAsString(digest);
    }
}
