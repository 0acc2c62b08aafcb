package org.deepseaguard.hub.alerts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.alerts.Alert.HeldBack;
import org.deepseaguard.hub.alerts.Alert.ViolationAlert;
import org.deepseaguard.hub.alerts.Alert.WarningDigest;
import org.deepseaguard.hub.service.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Builds the alerts (docs/api.md, "Messages on the outputs"; docs/alerts.md): an alert wraps one
 * violation change; a warning digest lists the warnings batched in one window and counts the alerts
 * held back in it. Ids are deterministic (name-based UUIDs), so an alert or a digest built again, or
 * sent again, has the same id and a receiver can drop the repeat. Also the one place alerts become
 * JSON and are read back ({@link #json}, {@link #read}). Thread-safe.
 */
@Component
public class AlertFactory {

    /** The member that marks an item of a warning batch as a held-back alert (its value: the transition). */
    static final String HELD_BACK = "held_back";

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
    public static String windowId(List<String> items) {
        return nameUuid("warning_digest|" + String.join("\n", items));
    }

    /** The id of a window's digest for one subscription (its delivery id): a name-based UUID of {@code window_id|subscription_id}. */
    public static String digestDeliveryId(String windowId, String subscriptionId) {
        return nameUuid(windowId + "|" + subscriptionId);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The alert about one violation change, created now.
     *
     * @param eventType {@code violation_opened} or {@code violation_closed}
     */
    public ViolationAlert critical(Violation violation, String eventType) {
        return alert(violation, eventType, clock.instant());
    }

    /** A violation read from its JSON (as on compliance_violations). */
    public Violation violation(String violationJson) throws JsonProcessingException {
        return json.readValue(violationJson, Violation.class);
    }

    /** The alert about one violation change, created at {@code createdAt} (the outbox: the batch's time). */
    public ViolationAlert alert(Violation v, String eventType, Instant createdAt) {
        return new ViolationAlert(alertId(v.violationId(), eventType), eventType, v.severity(), v.auvId(), v.ruleId(),
                v.zoneId(), v.message(), createdAt, v, null);
    }

    /** The alert as JSON: what the outputs carry and the outbox stores. */
    public String json(Alert alert) {
        try {
            return json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.id() + " is not JSON-serialisable", e);
        }
    }

    /**
     * An alert read back from its JSON (an outbox row): a digest when it has {@code digest_id}.
     *
     * @throws JsonProcessingException when the text is not an alert
     */
    public Alert read(String alertJson) throws JsonProcessingException {
        JsonNode node = json.readTree(alertJson);
        Class<? extends Alert> type = node.has("digest_id") ? WarningDigest.class : ViolationAlert.class;
        return json.treeToValue(node, type);
    }

    /**
     * An item of a warning batch for an alert that was held back (docs/alerts.md, "Flapping"):
     * {@code {"held_back":"<transition>","violation":{...}}}.
     *
     * @param violationJson the violation change as published on compliance_violations
     */
    public String heldBack(String violationJson, String transition) throws JsonProcessingException {
        ObjectNode item = json.createObjectNode();
        item.put(HELD_BACK, transition);
        item.set("violation", json.readTree(violationJson));
        return json.writeValueAsString(item);
    }

    /**
     * The items of a warning batch: the list the aggregator built, or that list as the JSON array of
     * strings a parked digest keeps as its payload (a replayed dead letter).
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
     * One item of a warning batch, read: a warning (then {@code heldTransition} is null) or an alert
     * held back ({@code heldTransition} its transition).
     */
    public record BatchItem(Violation violation, String heldTransition) {

        public boolean heldBack() {
            return heldTransition != null;
        }
    }

    /** The items of a batch, read. */
    public List<BatchItem> items(List<String> batch) throws JsonProcessingException {
        List<BatchItem> items = new ArrayList<>(batch.size());
        for (String text : batch) {
            JsonNode node = json.readTree(text);
            if (node.hasNonNull(HELD_BACK)) {
                items.add(new BatchItem(json.treeToValue(node.get("violation"), Violation.class), node.get(HELD_BACK).asText()));
            } else {
                items.add(new BatchItem(json.treeToValue(node, Violation.class), null));
            }
        }
        return items;
    }

    /** The digest of a completed window, with the window's id ({@link #windowId}), created now. */
    public WarningDigest digest(List<String> batch) throws JsonProcessingException {
        return digest(windowId(batch), items(batch), clock.instant());
    }

    /**
     * A digest with the given id (a subscription's digest: its delivery id) and creation time: the
     * warnings in batch order, and the held-back alerts grouped per vehicle, rule and zone (first seen first).
     */
    public WarningDigest digest(String digestId, List<BatchItem> items, Instant createdAt) {
        List<Violation> warnings = new ArrayList<>();
        Map<List<String>, List<BatchItem>> held = new LinkedHashMap<>();
        for (BatchItem item : items) {
            if (!item.heldBack()) {
                warnings.add(item.violation());
                continue;
            }
            Violation v = item.violation();
            held.computeIfAbsent(Arrays.asList(v.auvId(), v.ruleId(), v.zoneId()), k -> new ArrayList<>()).add(item);
        }
        List<HeldBack> heldBack = new ArrayList<>(held.size());
        held.values().forEach(group -> heldBack.add(heldBack(group)));
        return new WarningDigest(digestId, createdAt, warnings, heldBack);
    }

    private static HeldBack heldBack(List<BatchItem> group) {
        Violation first = group.get(0).violation();
        List<String> ids = new ArrayList<>();
        Instant firstAt = null;
        Instant lastAt = null;
        for (BatchItem item : group) {
            Violation v = item.violation();
            if (!ids.contains(v.violationId())) {
                ids.add(v.violationId());
            }
            Instant at = AuditLog.VIOLATION_CLOSED.equals(item.heldTransition())
                    ? Objects.requireNonNullElse(v.endedAt(), v.lastSeenAt()) : v.startedAt();
            firstAt = firstAt == null || at.isBefore(firstAt) ? at : firstAt;
            lastAt = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
        }
        return new HeldBack(first.auvId(), first.ruleId(), first.zoneId(), first.severity(), group.size(), ids,
                firstAt, lastAt);
    }
}
