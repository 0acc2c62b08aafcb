package org.deepseaguard.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.geo.Geodesy;
import org.deepseaguard.core.geo.ZoneIndex.ZoneDistance;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;

/**
 * One fix as the rule kinds ({@link RuleKind}) see it: the fix, the vehicle's previous applied
 * fix, its registration, the entry times of the zones it is in after this fix, and the zones found
 * near it.
 *
 * <p>Units: seconds of event time, metres (geodesic, WGS 84), metres per second. The geodesic
 * distance from the previous fix is computed at most once, and only when a speed question cannot
 * be answered by a cheap upper bound (see {@link #movedFasterThan}).
 *
 * <p>Not thread-safe: the engine builds one per fix and uses it in one thread.
 */
public final class FixContext {

    private final Telemetry fix;
    private final Telemetry previous;
    private final Vehicle vehicle;
    private final Map<String, Instant> entryTimes;
    private List<ZoneDistance> near = List.of();
    private double distanceFromPrevious = Double.NaN;

    /**
     * @param fix        the fix being judged
     * @param previous   the vehicle's previous applied fix, {@code null} for its first fix and for
     *                   late fixes (judged alone)
     * @param vehicle    the vehicle's registration, {@code null} when unregistered
     * @param entryTimes zone id to entry time for the zones the vehicle is in after this fix
     */
    public FixContext(Telemetry fix, Telemetry previous, Vehicle vehicle, Map<String, Instant> entryTimes) {
        this.fix = fix;
        this.previous = previous;
        this.vehicle = vehicle;
        this.entryTimes = entryTimes;
    }

    public Telemetry fix() {
        return fix;
    }

    /** The previous applied fix, or {@code null}. */
    public Telemetry previous() {
        return previous;
    }

    /** The registration, or {@code null} for an unregistered vehicle. */
    public Vehicle vehicle() {
        return vehicle;
    }

    public String auvId() {
        return fix.auvId();
    }

    /** True when the vehicle is registered under {@code contractId} (an unregistered one holds none). */
    public boolean holdsContract(String contractId) {
        return vehicle != null && vehicle.contractIds().contains(contractId);
    }

    /** When the vehicle entered {@code zoneId} (event time), or {@code null} when it is not inside. */
    public Instant entryTime(String zoneId) {
        return entryTimes.get(zoneId);
    }

    /** Sets the zones found near the fix (by {@link org.deepseaguard.core.geo.ZoneIndex#near}). */
    public void setNear(List<ZoneDistance> nearZones) {
        this.near = nearZones;
    }

    /**
     * Geodesic distance in metres from the fix to the boundary of {@code zone}, as found by the
     * last {@link #setNear}; {@code NaN} when the zone was not found near.
     */
    public double distanceTo(Zone zone) {
        for (int i = 0, n = near.size(); i < n; i++) {
            ZoneDistance d = near.get(i);
            if (d.zone().zoneId().equals(zone.zoneId())) {
                return d.distanceMetres();
            }
        }
        return Double.NaN;
    }

    /** Event time since the previous fix in seconds, {@code NaN} without a previous fix. */
    public double secondsSincePrevious() {
        return previous == null ? Double.NaN : Durations.seconds(previous.timestamp(), fix.timestamp());
    }

    /** Geodesic distance in metres from the previous fix, {@code NaN} without one. Computed once. */
    public double distanceFromPrevious() {
        if (previous == null) {
            return Double.NaN;
        }
        if (Double.isNaN(distanceFromPrevious)) {
            distanceFromPrevious = Geodesy.distance(previous.longitude(), previous.latitude(),
                    fix.longitude(), fix.latitude());
        }
        return distanceFromPrevious;
    }

    /**
     * Geodesic speed in metres per second since the previous fix; {@code NaN} without a previous
     * fix or when no event time passed.
     */
    public double geodesicSpeed() {
        double dt = secondsSincePrevious();
        return dt > 0 ? distanceFromPrevious() / dt : Double.NaN;
    }

    /**
     * The speed the speed rule judges: the larger of the reported speed and the geodesic speed, each
     * when known; {@code NaN} when neither is.
     */
    public double speed() {
        Double reported = fix.speed();
        double geodesic = geodesicSpeed();
        if (reported == null) {
            return geodesic;
        }
        return Double.isNaN(geodesic) ? reported : Math.max(reported, geodesic);
    }

    /**
     * True when the geodesic speed since the previous fix is strictly above {@code mps}; false
     * without a previous fix or when no event time passed. Exact: the geodesic distance is computed
     * only when a cheap upper bound (the length of the path that is straight in latitude/longitude)
     * does not already show the speed is within the limit.
     */
    public boolean movedFasterThan(double mps) {
        double dt = secondsSincePrevious();
        if (!(dt > 0)) {
            return false;
        }
        double limitMetres = mps * dt;
        if (DistanceBounds.upperBoundMetres(previous.longitude(), previous.latitude(), fix.longitude(), fix.latitude())
                <= limitMetres) {
            return false;
        }
        return distanceFromPrevious() > limitMetres;
    }
}
