package org.deepseaguard.hub.service;

import java.time.Instant;
import java.util.List;

/**
 * The fleet's compliance over [from, to) ({@code GET /reports/compliance} without {@code auv_id}):
 * one line per vehicle with an applied fix, a zone event or a violation in the period, or inside a
 * zone during it, by vehicle id, each equal to the figures of that vehicle's own
 * {@link ComplianceReport}; and their totals. Seconds decimal, metres geodesic. Immutable and
 * thread-safe.
 */
public record FleetSummary(Instant from, Instant to, Instant generatedAt, List<VehicleLine> vehicles, Totals totals) {

    /**
     * One vehicle.
     *
     * @param zoneSeconds      time in zones, summed over the zones (overlapping zones count each)
     * @param violations       episodes overlapping the period
     * @param violationSeconds their parts inside the period, summed
     * @param critical         how many of them are critical
     * @param warning          how many of them are warnings
     * @param gaps             telemetry gaps
     * @param gapSeconds       their lengths, summed
     */
    public record VehicleLine(String auvId, long fixes, double distanceM, double zoneSeconds, long entries, long exits,
                              long violations, double violationSeconds, long critical, long warning, long gaps,
                              double gapSeconds) {
    }

    /** The sums over {@code vehicles} (as many as there are lines). */
    public record Totals(long vehicles, long fixes, double distanceM, double zoneSeconds, long entries, long exits,
                         long violations, double violationSeconds, long critical, long warning, long gaps,
                         double gapSeconds) {
    }
}
