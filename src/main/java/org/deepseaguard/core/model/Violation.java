package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * A violation episode: it opens at the first breaching fix ({@code startedAt}), stays open while
 * fixes keep breaching ({@code lastSeenAt} moves on, position is the latest breaching fix) and
 * closes at the first compliant fix ({@code endedAt}, {@code status} {@link Status#CLOSED}).
 *
 * <p>{@code zoneId} is {@code null} for rules judged without a zone (e.g. telemetry gap).
 * {@code late} marks a violation found on a fix older than the vehicle's last applied fix;
 * {@code inferred} one found on the geodesic segment between two fixes outside the zone. Both are
 * one-fix episodes, closed when created. {@code zoneVersion} and {@code ruleVersion} are the
 * versions the episode was judged by ({@code zoneVersion} 0 when there is no zone).
 * Times are event times (UTC). Immutable and thread-safe; serialisable because
 * {@link org.deepseaguard.core.engine.VehicleState} holds open episodes.
 */
public record Violation(
        String violationId,
        String auvId,
        String ruleId,
        RuleType ruleType,
        String zoneId,
        Severity severity,
        Status status,
        Instant startedAt,
        Instant endedAt,
        Instant lastSeenAt,
        double latitude,
        double longitude,
        double depth,
        String message,
        boolean late,
        boolean inferred,
        int zoneVersion,
        int ruleVersion) implements java.io.Serializable {

    /** Episode status; the JSON value is {@code open} or {@code closed}. */
    public enum Status {
        OPEN,
        CLOSED;

        @JsonValue
        public String wireName() {
            return this == OPEN ? "open" : "closed";
        }
    }

    /** True while the episode is open; not a JSON property ({@code status} carries it). */
    @JsonIgnore
    public boolean isOpen() {
        return status == Status.OPEN;
    }
}
