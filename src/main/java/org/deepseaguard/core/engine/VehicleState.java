package org.deepseaguard.core.engine;

import java.time.Instant;
import java.util.Map;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;

/**
 * What the hub remembers of one vehicle between fixes, in event time: the last applied fix, the
 * zones it is in with their entry times, its open violation episodes (keyed by
 * {@link ComplianceEngine#episodeKey}), the wall-clock time the last fix arrived (for the
 * telemetry-gap watchdog) and, by zone id, the exits not confirmed yet under
 * {@link ExitHysteresis} ({@code pendingExits}: always zones of {@code zoneEntries}; empty
 * without hysteresis). Which older fixes were seen already is not kept here: the hub's durable
 * fix log decides that (a fix equal to {@code lastFix}'s timestamp is the only duplicate the engine
 * recognises by itself).
 *
 * <p>A plain value: immutable, thread-safe, and serialisable as JSON (Jackson) or Java
 * serialisation, so the hub can keep it in memory or in Redis and resume it after a restart; a
 * document written before {@code pendingExits} existed reads as having none.
 * Maps and lists are copied and unmodifiable.
 */
public record VehicleState(
        String auvId,
        Telemetry lastFix,
        Map<String, Instant> zoneEntries,
        Map<String, Violation> openViolations,
        Instant lastArrival,
        Map<String, PendingExit> pendingExits) implements java.io.Serializable {

    public VehicleState {
        zoneEntries = zoneEntries == null ? Map.of() : Map.copyOf(zoneEntries);
        openViolations = openViolations == null ? Map.of() : Map.copyOf(openViolations);
        pendingExits = pendingExits == null ? Map.of() : Map.copyOf(pendingExits);
    }

    /** A state without pending exits. */
    public VehicleState(String auvId, Telemetry lastFix, Map<String, Instant> zoneEntries,
                        Map<String, Violation> openViolations, Instant lastArrival) {
        this(auvId, lastFix, zoneEntries, openViolations, lastArrival, Map.of());
    }

    /** The state of a vehicle never seen before. */
    public static VehicleState initial(String auvId) {
        return new VehicleState(auvId, null, Map.of(), Map.of(), null, Map.of());
    }
}
