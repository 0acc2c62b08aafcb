package org.deepseaguard.hub.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneType;

/**
 * An alert subscription (docs/alerts.md): who is told ({@code channel}, the name of an
 * {@link org.deepseaguard.hub.alerts.AlertChannel}, and {@code target}) about
 * which violations (the filters; an empty list matches anything) and how ({@code mode}:
 * {@code immediate}, one alert per violation transition at or above {@code min_severity};
 * {@code digest}, the warnings of each digest window in one message).
 *
 * <p>The secret is kept only in its stored (encrypted) form and never leaves the hub: the JSON of a
 * subscription says {@code secret_set} instead. Immutable and thread-safe.
 *
 * @param escalationTarget where a critical alert goes again (same channel, signed with the same
 *                         secret) when nobody acknowledged its violation within
 *                         {@code deepseaguard.alerts.escalation.delay}; null: no escalation
 * @param origin {@code api}, {@code file} ({@code deepseaguard.alerts.subscriptions-file}),
 *               {@code config} (the legacy {@code deepseaguard.alerts.webhooks} and {@code email} settings)
 *               or {@code template} (an {@code alerts-to} route); only {@code api} subscriptions are
 *               changed through the API
 */
@JsonPropertyOrder({"subscription_id", "channel", "target", "escalation_target", "secret_set", "min_severity", "rule_types", "zone_types",
        "zone_ids", "auv_ids", "mode", "origin", "created_at", "updated_at"})
public record Subscription(String subscriptionId, String channel, String target,
                           @JsonIgnore String secretEncrypted, Severity minSeverity, List<RuleType> ruleTypes,
                           List<ZoneType> zoneTypes, List<String> zoneIds, List<String> auvIds, Mode mode,
                           String origin, Instant createdAt, Instant updatedAt, String escalationTarget) {

    public static final String ORIGIN_API = "api";
    public static final String ORIGIN_FILE = "file";
    public static final String ORIGIN_CONFIG = "config";
    /** Made by an integrator's {@code alerts-to} route (route template). */
    public static final String ORIGIN_TEMPLATE = "template";

    public Subscription {
        ruleTypes = List.copyOf(ruleTypes);
        zoneTypes = List.copyOf(zoneTypes);
        zoneIds = List.copyOf(zoneIds);
        auvIds = List.copyOf(auvIds);
    }

    /** {@code immediate}: one alert per transition; {@code digest}: the warnings of a window at once. */
    public enum Mode {
        IMMEDIATE, DIGEST;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode fromWire(String value) {
            for (Mode m : values()) {
                if (m.wireName().equals(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("must be one of immediate, digest");
        }
    }

    /** Whether a secret is stored (webhook calls are then signed). */
    @JsonProperty("secret_set")
    public boolean secretSet() {
        return secretEncrypted != null;
    }

    /**
     * Whether a violation passes the filters: severity at least {@code min_severity} (critical >
     * warning > info), and, for every non-empty list, its rule type, zone id, zone type and vehicle
     * among those listed. A violation without a zone (or whose zone is unknown now) fails a zone filter.
     *
     * @param zoneType the type of the violation's zone, null when it has none or it is unknown
     */
    public boolean matches(Violation v, ZoneType zoneType) {
        return matches(v.severity(), v.ruleType(), v.zoneId(), zoneType, v.auvId());
    }

    /** As {@link #matches(Violation, ZoneType)}, from the violation's fields. */
    public boolean matches(Severity severity, RuleType ruleType, String zoneId, ZoneType zoneType, String auvId) {
        if (severity.ordinal() > minSeverity.ordinal()) {
            return false;
        }
        if (!ruleTypes.isEmpty() && !ruleTypes.contains(ruleType)) {
            return false;
        }
        if (!zoneIds.isEmpty() && (zoneId == null || !zoneIds.contains(zoneId))) {
            return false;
        }
        if (!zoneTypes.isEmpty() && (zoneType == null || !zoneTypes.contains(zoneType))) {
            return false;
        }
        return auvIds.isEmpty() || auvIds.contains(auvId);
    }

    /** The same subscription, its secret (stored form) replaced. */
    public Subscription withSecret(String sealed) {
        return new Subscription(subscriptionId, channel, target, sealed, minSeverity, ruleTypes, zoneTypes, zoneIds,
                auvIds, mode, origin, createdAt, updatedAt, escalationTarget);
    }
}
