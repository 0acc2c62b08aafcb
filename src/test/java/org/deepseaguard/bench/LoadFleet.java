package org.deepseaguard.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The vehicles of one client thread and their fixes, in event time close to the wall clock.
 *
 * <p>Ordinary fixes: each vehicle ({@code LOAD-000001}..) cruises at its own 1-2 m/s on a slowly
 * turning heading over the ISA area (longitude -160 to -110, latitude 0 to 20; it turns back at the
 * edges), depth wandering between 3,000 and 5,500 m. Its timestamp is the wall clock in milliseconds,
 * or its previous timestamp + 1 ms if that is not later (strictly increasing per vehicle, never
 * ahead of the wall clock as long as a vehicle sends fewer than 1,000 fixes a second); its position
 * is advanced by speed x elapsed event time, so the geodesic speed between fixes is its speed.
 *
 * <p>Probe fixes: with probability {@code breachShare}, a fix of a vehicle that has sent at least one
 * fix in this run and whose previous fix was not a probe is placed inside {@code LOAD-CLOSED} (a new
 * critical episode of {@code R-LOAD-CRIT} opens); the vehicle's next fix is an ordinary one on its
 * track again (the episode closes). The jump there and back also opens one speed-limit warning per
 * probe. Not thread-safe: one per client thread.
 */
final class LoadFleet {

    static final double LON_MIN = -160;
    static final double LON_MAX = -110;
    static final double LAT_MIN = 0;
    static final double LAT_MAX = 20;
    private static final double METRES_PER_DEGREE = 111_320.0;

    /** One fix; {@code probe} when it is placed inside LOAD-CLOSED. */
    record Fix(String auvId, long timestampMs, double latitude, double longitude, double depth, double heading,
               double speed, boolean probe) {

        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("auv_id", auvId);
            g.writeStringField("timestamp", Instant.ofEpochMilli(timestampMs).toString());
            g.writeNumberField("latitude", latitude);
            g.writeNumberField("longitude", longitude);
            g.writeNumberField("depth", depth);
            g.writeNumberField("heading", heading);
            g.writeNumberField("speed", speed);
            g.writeEndObject();
        }
    }

    private final String[] ids;
    private final double[] lon;
    private final double[] lat;
    private final double[] heading;
    private final double[] speed;
    private final double[] depth;
    private final long[] trackMs;
    private final long[] lastMs;
    private final boolean[] started;
    private final boolean[] lastWasProbe;
    private final Random random;
    private final double breachShare;
    private int cursor = -1;

    /** @param numbers the vehicle numbers (1-based) this fleet owns */
    LoadFleet(int[] numbers, long seed, double breachShare, long startMs) {
        int n = numbers.length;
        this.random = new Random(seed);
        this.breachShare = breachShare;
        ids = new String[n];
        lon = new double[n];
        lat = new double[n];
        heading = new double[n];
        speed = new double[n];
        depth = new double[n];
        trackMs = new long[n];
        lastMs = new long[n];
        started = new boolean[n];
        lastWasProbe = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = auvId(numbers[i]);
            lon[i] = LON_MIN + 0.5 + random.nextDouble() * (LON_MAX - LON_MIN - 1);
            lat[i] = LAT_MIN + 0.5 + random.nextDouble() * (LAT_MAX - LAT_MIN - 1);
            heading[i] = random.nextDouble() * 2 * Math.PI;
            speed[i] = 1 + random.nextDouble();
            depth[i] = 3500 + random.nextDouble() * 1500;
            trackMs[i] = startMs;
        }
    }

    static String auvId(int number) {
        return String.format("LOAD-%06d", number);
    }

    int size() {
        return ids.length;
    }

    /** The next {@code count} fixes, vehicles round-robin, stamped at {@code nowMs} (or just after). */
    List<Fix> next(int count, long nowMs) {
        List<Fix> fixes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            cursor = cursor + 1 == ids.length ? 0 : cursor + 1;
            int i = cursor;
            boolean probe = started[i] && !lastWasProbe[i] && breachShare > 0 && random.nextDouble() < breachShare;
            fixes.add(probe ? probe(i, nowMs) : track(i, nowMs));
        }
        return fixes;
    }

    /** An ordinary fix for every vehicle whose last fix was a probe, so every episode ends closed. */
    List<Fix> closing(long nowMs) {
        List<Fix> fixes = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (lastWasProbe[i]) {
                fixes.add(track(i, nowMs));
            }
        }
        return fixes;
    }

    private long stamp(int i, long nowMs) {
        long ts = Math.max(nowMs, lastMs[i] + 1);
        lastMs[i] = ts;
        started[i] = true;
        return ts;
    }

    private Fix track(int i, long nowMs) {
        long ts = stamp(i, nowMs);
        double dt = (ts - trackMs[i]) / 1000.0;
        trackMs[i] = ts;
        lastWasProbe[i] = false;
        heading[i] += (random.nextDouble() - 0.5) * 0.2;
        double d = speed[i] * dt;
        double newLat = lat[i] + d * Math.cos(heading[i]) / METRES_PER_DEGREE;
        double newLon = lon[i] + d * Math.sin(heading[i]) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat[i])));
        if (newLat < LAT_MIN || newLat > LAT_MAX || newLon < LON_MIN || newLon > LON_MAX) {
            heading[i] += Math.PI;
        } else {
            lat[i] = newLat;
            lon[i] = newLon;
        }
        depth[i] = Math.max(3000, Math.min(5500, depth[i] + (random.nextDouble() - 0.5) * 10));
        return new Fix(ids[i], ts, lat[i], lon[i], depth[i], compass(heading[i]), speed[i], false);
    }

    private Fix probe(int i, long nowMs) {
        long ts = stamp(i, nowMs);
        lastWasProbe[i] = true;
        double inner = LoadWorld.CLOSED_HALF * 0.8;
        double pLon = LoadWorld.CLOSED_LON + (random.nextDouble() * 2 - 1) * inner;
        double pLat = LoadWorld.CLOSED_LAT + (random.nextDouble() * 2 - 1) * inner;
        return new Fix(ids[i], ts, pLat, pLon, depth[i], compass(heading[i]), speed[i], true);
    }

    private static double compass(double radians) {
        double deg = Math.toDegrees(radians) % 360;
        deg = deg < 0 ? deg + 360 : deg;
        return deg < 360 ? deg : 0; // -1e-17 + 360 rounds to 360, which the hub refuses
    }
}
