package org.deepseaguard.hub.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated vehicle: position, depth, heading and speed advanced by dead reckoning in wall-clock
 * time, following a scripted {@link Behaviour}. Mutable; used by one thread at a time.
 */
final class SimulatedAuv {

    /** What the vehicle does. */
    enum Behaviour {
        /** slow circles at a working depth: stays where it is */
        PATROL,
        /** a straight line on its heading (into an APEI, or into a contract area it does not hold) */
        TRANSIT,
        /** patrols while descending to {@link #DIVE_TARGET} m */
        DIVE,
        /** patrols, then stops reporting */
        GO_DARK,
        /** a straight line faster than the demo speed limit */
        SPEEDING
    }

    static final double DIVE_TARGET = 6300;
    private static final double METRES_PER_DEGREE = 111_320;
    private static final double TURN_DEGREES_PER_SECOND = 1.5;
    private static final double DIVE_RATE = 2.0;
    private static final int SILENT_AFTER_FIXES = 10;

    final String auvId;
    private final Behaviour behaviour;
    private double latitude;
    private double longitude;
    private double depth;
    private double heading;
    private final double speed;
    private double battery = 0.95;
    private int fixes;

    SimulatedAuv(String auvId, Behaviour behaviour, double latitude, double longitude, double depth, double heading,
                 double speed) {
        this.auvId = auvId;
        this.behaviour = behaviour;
        this.latitude = latitude;
        this.longitude = longitude;
        this.depth = depth;
        this.heading = heading;
        this.speed = speed;
    }

    /** Moves on by {@code elapsed}; returns the fix to report, or null when the vehicle is silent. */
    Map<String, Object> advance(Duration elapsed, Instant now) {
        double seconds = elapsed.toMillis() / 1000.0;
        if (behaviour != Behaviour.TRANSIT && behaviour != Behaviour.SPEEDING) {
            heading = (heading + TURN_DEGREES_PER_SECOND * seconds) % 360;
        }
        double distance = speed * seconds;
        double rad = Math.toRadians(heading);
        latitude += distance * Math.cos(rad) / METRES_PER_DEGREE;
        longitude += distance * Math.sin(rad) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
        if (behaviour == Behaviour.DIVE) {
            depth = Math.min(DIVE_TARGET, depth + DIVE_RATE * seconds);
        }
        battery = Math.max(0.05, battery - 0.00002 * seconds);
        fixes++;
        if (behaviour == Behaviour.GO_DARK && fixes > SILENT_AFTER_FIXES) {
            return null;
        }
        Map<String, Object> fix = new LinkedHashMap<>();
        fix.put("auv_id", auvId);
        fix.put("timestamp", now.toString());
        fix.put("latitude", round(latitude, 7));
        fix.put("longitude", round(longitude, 7));
        fix.put("depth", round(depth, 1));
        fix.put("heading", round(heading, 1));
        fix.put("speed", speed);
        fix.put("battery", round(battery, 4));
        fix.put("mission_id", "DEMO-" + auvId);
        return fix;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
