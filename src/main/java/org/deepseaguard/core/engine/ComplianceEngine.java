package org.deepseaguard.core.engine;

import java.time.Instant;
import java.util.Collection;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;

/**
 * Judges fixes: zone lookup, the per-vehicle state machine in event time, and every rule of the
 * catalogue, giving zone events and violation episodes (DESIGN section 5).
 *
 * <p>The engine holds only the current zone index and rule set, each swapped atomically by
 * {@link #updateZones} / {@link #updateRules}; evaluation never blocks on a swap. Vehicle state is
 * passed in and handed back, never kept here. Thread-safe: concurrent calls for different vehicles
 * are fine; calls for one vehicle must be serialised by the caller (per-vehicle ordering).
 */
public final class ComplianceEngine {

    public ComplianceEngine(Collection<Zone> zones, Collection<Rule> rules) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Replaces the zone set (builds a new index, then swaps it in). */
    public void updateZones(Collection<Zone> zones) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Replaces the rule set. */
    public void updateRules(Collection<Rule> rules) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The zone index in use now. */
    public ZoneIndex zoneIndex() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Judges one fix.
     *
     * @param state     the vehicle's state, {@link VehicleState#initial} for a new vehicle
     * @param fix       a validated fix of that vehicle
     * @param vehicle   its registration, or {@code null} when unregistered (holds no contracts)
     * @param arrivedAt wall-clock arrival time, kept for the telemetry-gap watchdog only
     */
    public Evaluation evaluate(VehicleState state, Telemetry fix, Vehicle vehicle, Instant arrivedAt) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The telemetry-gap watchdog: opens a {@code telemetry_gap} episode for every applicable rule
     * whose {@code max_gap_seconds} has passed between {@code state.lastArrival()} and {@code now}
     * (wall clock), unless one is open already. Returns an APPLIED evaluation with only
     * {@code opened} filled (possibly empty).
     */
    public Evaluation checkSilence(VehicleState state, Vehicle vehicle, Instant now) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The key of an episode in {@link VehicleState#openViolations()}: rule id and zone id. */
    public static String episodeKey(String ruleId, String zoneId) {
        return zoneId == null ? ruleId : ruleId + "|" + zoneId;
    }
}
