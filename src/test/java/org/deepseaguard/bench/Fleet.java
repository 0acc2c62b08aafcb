package org.deepseaguard.bench;

import java.time.Instant;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;

/**
 * A fleet moving in small steps: each call to {@link #next()} advances the next vehicle
 * (round-robin) by one fix, 300 s of event time and about 500 m along a slowly turning heading
 * (1.7 m/s), with depth wandering around 5,000 m (now and then below 6,000 m), a reported speed,
 * and every 200th fix late by an extra 20 minutes (a telemetry gap). Vehicles bounce off the edges
 * of the world. Not thread-safe: one per benchmark thread.
 */
final class Fleet {

    final Vehicle[] vehicles;
    final VehicleState[] states;
    private final String[] ids;
    private final double[] lon;
    private final double[] lat;
    private final double[] heading;
    private final double[] depth;
    private final long[] seconds;
    private long seed;
    private int cursor;

    Fleet(int size, long seed) {
        this.seed = seed;
        vehicles = new Vehicle[size];
        states = new VehicleState[size];
        ids = new String[size];
        lon = new double[size];
        lat = new double[size];
        heading = new double[size];
        depth = new double[size];
        seconds = new long[size];
        for (int i = 0; i < size; i++) {
            vehicles[i] = BenchWorld.vehicle(i);
            ids[i] = vehicles[i].auvId();
            states[i] = VehicleState.initial(ids[i]);
            lon[i] = BenchWorld.LON_MIN + random() * (BenchWorld.LON_MAX - BenchWorld.LON_MIN);
            lat[i] = BenchWorld.LAT_MIN + random() * (BenchWorld.LAT_MAX - BenchWorld.LAT_MIN);
            heading[i] = random() * 2 * Math.PI;
            depth[i] = 4500 + random() * 1000;
            seconds[i] = BenchWorld.START.getEpochSecond() + (long) (random() * 300);
        }
    }

    /** Index of the vehicle the last {@link #next()} moved. */
    int current() {
        return cursor;
    }

    /** Moves the next vehicle one step and returns its new fix. */
    Telemetry next() {
        int i = cursor + 1 == ids.length ? 0 : cursor + 1;
        cursor = i;
        heading[i] += (random() - 0.5) * 0.3;
        double step = 500;
        double newLat = lat[i] + step * Math.cos(heading[i]) / 111_320.0;
        double newLon = lon[i] + step * Math.sin(heading[i]) / (111_320.0 * Math.cos(Math.toRadians(lat[i])));
        if (newLat < BenchWorld.LAT_MIN || newLat > BenchWorld.LAT_MAX
                || newLon < BenchWorld.LON_MIN || newLon > BenchWorld.LON_MAX) {
            heading[i] += Math.PI;
        } else {
            lat[i] = newLat;
            lon[i] = newLon;
        }
        depth[i] = Math.max(3000, Math.min(6500, depth[i] + (random() - 0.5) * 100));
        long rnd = nextLong();
        seconds[i] += (rnd & 0xff) < 2 ? 1500 : 300;
        return new Telemetry(ids[i], Instant.ofEpochSecond(seconds[i]), lat[i], lon[i], depth[i], null, 1.7, null,
                null);
    }

    private long nextLong() {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        return seed;
    }

    private double random() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
