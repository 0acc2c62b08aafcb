package org.deepseaguard.hub.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;

/**
 * An alert as it travels through the hub (docs/alerts.md, "Payloads"): built once by
 * {@link AlertFactory}, written to the outputs and the outbox as JSON, read back from the outbox
 * once per attempt, and formatted per channel by an {@link AlertChannel}. Either one violation
 * change ({@link ViolationAlert}) or the warnings of one digest window ({@link WarningDigest}).
 * Immutable and thread-safe.
 */
public sealed interface Alert permits Alert.ViolationAlert, Alert.WarningDigest {

    /** {@code alert_id} or {@code digest_id}: deterministic, the same when built again. */
    @JsonIgnore
    String id();

    /** {@code violation_opened}, {@code violation_closed}, {@code violation_escalated} or {@code warning_digest}. */
    @JsonProperty("event_type")
    String eventType();

    Severity severity();

    /** The vehicle; null for a digest (it may name several). */
    @JsonIgnore
    String vehicle();

    @JsonProperty("created_at")
    Instant createdAt();

    /**
     * One violation change: {@code {"alert_id","event_type","severity","auv_id","rule_id","zone_id",
     * "message","created_at","violation":{...}}}, plus {@code escalation} for an escalated alert.
     */
    @JsonPropertyOrder({"alert_id", "event_type", "severity", "auv_id", "rule_id", "zone_id", "message", "created_at",
            "violation", "escalation"})
    record ViolationAlert(String alertId, String eventType, Severity severity, String auvId, String ruleId,
                          String zoneId, String message, Instant createdAt, Violation violation,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Escalation escalation) implements Alert {

        @Override
        public String id() {
            return alertId;
        }

        @Override
        public String vehicle() {
            return auvId;
        }

        /** The same alert sent again to an escalation target. */
        public ViolationAlert escalated(String escalatedAlertId, String escalatedType, Instant at, Escalation why) {
            return new ViolationAlert(escalatedAlertId, escalatedType, severity, auvId, ruleId, zoneId, message, at,
                    violation, why);
        }
    }

    /**
     * Why an alert was escalated: nobody acknowledged its violation within
     * {@code notAcknowledgedAfterSeconds} of {@code firstAlertedAt}.
     */
    @JsonPropertyOrder({"subscription_id", "first_delivery_id", "first_alerted_at", "not_acknowledged_after_seconds"})
    record Escalation(String subscriptionId, String firstDeliveryId, Instant firstAlertedAt,
                      long notAcknowledgedAfterSeconds) {
    }

    /**
     * The warnings of one window: {@code {"digest_id","event_type":"warning_digest","severity":"warning",
     * "created_at","count","violations":[...]}}; {@code count} is the number of warnings. When alerts
     * were held back in the window (docs/alerts.md, "Flapping"), {@code held_back} lists them per
     * vehicle, rule and zone; absent otherwise.
     */
    @JsonPropertyOrder({"digest_id", "event_type", "severity", "created_at", "count", "violations", "held_back"})
    record WarningDigest(String digestId, Instant createdAt, List<Violation> violations,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HeldBack> heldBack) implements Alert {

        public static final String EVENT_TYPE = "warning_digest";

        public WarningDigest {
            violations = List.copyOf(violations);
            heldBack = heldBack == null ? List.of() : List.copyOf(heldBack); // absent in the JSON: none
        }

        @Override
        public String id() {
            return digestId;
        }

        @Override
        public String eventType() {
            return EVENT_TYPE;
        }

        @Override
        public Severity severity() {
            return Severity.WARNING;
        }

        @Override
        public String vehicle() {
            return null;
        }

        @JsonProperty("count")
        public int count() {
            return violations.size();
        }
    }

    /**
     * The alerts held back for one vehicle, rule and zone in a digest window: how many
     * ({@code alerts}: each opening and each closing counts one), of which episodes, and the event
     * times of the first and last.
     */
    @JsonPropertyOrder({"auv_id", "rule_id", "zone_id", "severity", "alerts", "violation_ids", "first_at", "last_at"})
    record HeldBack(String auvId, String ruleId, String zoneId, Severity severity, int alerts,
                    List<String> violationIds, Instant firstAt, Instant lastAt) {

        public HeldBack {
            violationIds = List.copyOf(violationIds);
        }
    }
}
