package org.deepseaguard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A compliance rule of the catalogue (DESIGN section 5). Rules are data.
 *
 * <p>Scope: {@code zoneIds}, {@code zoneTypes} and {@code auvIds}; an empty list means "all".
 * A zone is in scope when it matches {@code zoneIds} (if given) and {@code zoneTypes} (if given).
 * The rule applies to fixes whose event time lies in [{@code activeFrom}, {@code activeTo}).
 * Type parameters, {@code null} unless the type uses them: {@code minDepth}/{@code maxDepth}
 * (metres, positive down, inclusive), {@code maxDwellSeconds}, {@code maxSpeedMps} (metres per
 * second), {@code minDistanceM} (metres, geodesic), {@code maxGapSeconds}. {@link #validate()}
 * lists what is missing or wrong. {@code version} starts at 1 and grows by one on every change.
 *
 * <p>Immutable and thread-safe.
 */
public record Rule(
        String ruleId,
        RuleType type,
        Severity severity,
        String description,
        boolean enabled,
        List<String> zoneIds,
        List<ZoneType> zoneTypes,
        List<String> auvIds,
        Instant activeFrom,
        Instant activeTo,
        Double minDepth,
        Double maxDepth,
        Long maxDwellSeconds,
        Double maxSpeedMps,
        Double minDistanceM,
        Long maxGapSeconds,
        int version) {

    public Rule {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        severity = severity == null ? Severity.WARNING : severity;
        zoneIds = zoneIds == null ? List.of() : List.copyOf(zoneIds);
        zoneTypes = zoneTypes == null ? List.of() : List.copyOf(zoneTypes);
        auvIds = auvIds == null ? List.of() : List.copyOf(auvIds);
    }

    /** True when the rule has a zone scope (zone ids or zone types). */
    public boolean hasZoneScope() {
        return !zoneIds.isEmpty() || !zoneTypes.isEmpty();
    }

    /** True when {@code zone} is in this rule's zone scope (always, without a zone scope). */
    public boolean coversZone(Zone zone) {
        return (zoneIds.isEmpty() || zoneIds.contains(zone.zoneId()))
                && (zoneTypes.isEmpty() || zoneTypes.contains(zone.zoneType()));
    }

    /** True when the rule applies to {@code auvId} at event time {@code t}. */
    public boolean appliesTo(String auvId, Instant t) {
        return enabled
                && (auvIds.isEmpty() || auvIds.contains(auvId))
                && (activeFrom == null || !t.isBefore(activeFrom))
                && (activeTo == null || t.isBefore(activeTo));
    }

    /** A copy with another version number. */
    public Rule withVersion(int newVersion) {
        return new Rule(ruleId, type, severity, description, enabled, zoneIds, zoneTypes, auvIds, activeFrom,
                activeTo, minDepth, maxDepth, maxDwellSeconds, maxSpeedMps, minDistanceM, maxGapSeconds, newVersion);
    }

    /**
     * Checks the parameters this rule's type needs.
     *
     * @return one message per problem, as {@code field: reason} (snake_case field names); empty when valid
     */
    public List<String> validate() {
        var errors = new java.util.ArrayList<String>();
        if (ruleId.isBlank()) {
            errors.add("rule_id: must not be blank");
        }
        switch (type) {
            case DEPTH_LIMIT -> {
                if (minDepth == null && maxDepth == null) {
                    errors.add("min_depth: min_depth or max_depth is required for depth_limit");
                }
                if (minDepth != null && maxDepth != null && minDepth > maxDepth) {
                    errors.add("min_depth: must not exceed max_depth");
                }
            }
            case MAX_DWELL -> {
                if (maxDwellSeconds == null || maxDwellSeconds <= 0) {
                    errors.add("max_dwell_seconds: a positive number is required for max_dwell");
                }
            }
            case SPEED_LIMIT -> {
                if (maxSpeedMps == null || !(maxSpeedMps > 0) || maxSpeedMps.isInfinite()) {
                    errors.add("max_speed_mps: a positive number is required for speed_limit");
                }
            }
            case PROXIMITY -> {
                if (minDistanceM == null || !(minDistanceM > 0) || minDistanceM.isInfinite()) {
                    errors.add("min_distance_m: a positive number is required for proximity");
                }
            }
            case TELEMETRY_GAP -> {
                if (maxGapSeconds == null || maxGapSeconds <= 0) {
                    errors.add("max_gap_seconds: a positive number is required for telemetry_gap");
                }
            }
            default -> { }
        }
        if (activeFrom != null && activeTo != null && !activeFrom.isBefore(activeTo)) {
            errors.add("active_to: must be after active_from");
        }
        return List.copyOf(errors);
    }

}
