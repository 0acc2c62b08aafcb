package org.deepseaguard.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One position fix reported by a vehicle.
 *
 * <p>Coordinates are WGS 84 degrees (x = {@code longitude} in [-180, 180], y = {@code latitude}
 * in [-90, 90]); {@code depth} is metres below the sea surface, positive down, in [0, 11000];
 * {@code heading} is degrees clockwise from true north; {@code speed} is metres per second;
 * {@code battery} is a fraction in [0, 1]. {@code timestamp} is the event time of the fix (UTC).
 * Optional fields are {@code null} when not reported. Range validation is done by
 * {@link org.deepseaguard.core.io.TelemetryReader}; this record only rejects nulls in
 * required fields.
 *
 * <p>Instances are immutable and thread-safe; serialisable because
 * {@link org.deepseaguard.core.engine.VehicleState} holds the last fix.
 */
public record Telemetry(
        String auvId,
        Instant timestamp,
        double latitude,
        double longitude,
        double depth,
        Double heading,
        Double speed,
        Double battery,
        String missionId) implements java.io.Serializable {

    public Telemetry {
        Objects.requireNonNull(auvId, "auvId");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A fix with only the required fields. */
    public static Telemetry of(String auvId, Instant timestamp, double latitude, double longitude, double depth) {
        return new Telemetry(auvId, timestamp, latitude, longitude, depth, null, null, null, null);
    }
}
