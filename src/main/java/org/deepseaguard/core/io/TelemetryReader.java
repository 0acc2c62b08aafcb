package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;

/**
 * Validates and reads one telemetry fix from its JSON form (DESIGN section 6): required
 * {@code auv_id} (1-64 of [A-Za-z0-9_.-]), {@code timestamp} (ISO-8601 with offset or Z, kept as
 * an Instant), {@code latitude} [-90, 90] and {@code longitude} [-180, 180] in degrees,
 * {@code depth} [0, 11000] in metres; optional {@code heading} [0, 360) degrees, {@code speed}
 * &gt;= 0 m/s, {@code battery} [0, 1], {@code mission_id} (string of at most 128 characters).
 * Range bounds are inclusive unless written ")". Numbers must be JSON numbers (not strings);
 * NaN, infinities, wrong JSON types and timestamps more than {@code maxFuture} after {@code now}
 * are refused. Unknown fields are ignored. Every problem is reported, each under its snake_case
 * field name ({@code body} when the node is not a JSON object). Stateless and thread-safe.
 */
public final class TelemetryReader {

    private TelemetryReader() {
    }

    /** The fix, or every reason it was refused. Exactly one of the two is non-null/non-empty. */
    public record Result(Telemetry fix, List<FieldError> errors) {
        public boolean isValid() {
            return fix != null;
        }
    }

    public static Result read(JsonNode node, Instant now, Duration maxFuture) {
        if (node == null || !node.isObject()) {
            return new Result(null, List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonFields f = new JsonFields(node, "", errors);
        String auvId = f.identifier("auv_id", 64, true);
        Instant timestamp = f.instant("timestamp", true);
        if (timestamp != null && timestamp.isAfter(now.plus(maxFuture))) {
            f.error("timestamp", "is more than " + maxFuture + " in the future");
        }
        Double latitude = f.number("latitude", true, -90, 90);
        Double longitude = f.number("longitude", true, -180, 180);
        Double depth = f.number("depth", true, 0, 11000);
        Double heading = f.number("heading", false);
        if (heading != null && !(heading >= 0 && heading < 360)) {
            f.error("heading", "must be >= 0 and < 360");
        }
        Double speed = f.number("speed", false, 0, Double.POSITIVE_INFINITY);
        Double battery = f.number("battery", false, 0, 1);
        String missionId = f.text("mission_id", false);
        if (missionId != null && missionId.length() > 128) {
            f.error("mission_id", "must be at most 128 characters");
        }
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new Telemetry(auvId, timestamp, latitude, longitude, depth, heading, speed, battery,
                missionId), List.of());
    }
}
