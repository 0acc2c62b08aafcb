package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * versions the episode was judged by ({@code zoneVersion} 0 when there is no zone): those of the fix
 * that opened it, kept while it continues and when it closes. {@code registrationVersion} is the
 * version of the vehicle registration an {@code unauthorized_entry} episode was judged by, likewise
 * from its opening fix; {@code null} for other rule types and for an unregistered vehicle (left out
 * of the JSON then).
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
        int ruleVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer registrationVersion) implements java.io.Serializable {

    /** A violation judged without a vehicle registration ({@code registrationVersion} null). */
    public Violation(String violationId, String auvId, String ruleId, RuleType ruleType, String zoneId,
                     Severity severity, Status status, Instant startedAt, Instant endedAt, Instant lastSeenAt,
                     double latitude, double longitude, double depth, String message, boolean late,
                     boolean inferred, int zoneVersion, int ruleVersion) {
        this(violationId, auvId, ruleId, ruleType, zoneId, severity, status, startedAt, endedAt, lastSeenAt,
                latitude, longitude, depth, message, late, inferred, zoneVersion, ruleVersion, null);
    }

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
