package org.deepseaguard.hub.timeseries;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.FixResult;
import org.deepseaguard.hub.service.VehicleService;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;

/**
 * The InfluxDB points of the hub (docs/messaging.md, "InfluxDB"), at microsecond precision:
 * <ul>
 *   <li>{@code auv_position}: one per applied fix at its event time; tags {@code auv_id}, and
 *       {@code operator} (from the vehicle's registration) and {@code mission_id} when known; fields
 *       {@code latitude}, {@code longitude} (degrees), {@code depth} (m), and {@code speed} (m/s),
 *       {@code heading} (degrees), {@code battery} (0..1) when reported.</li>
 *   <li>{@code violations}: one per violation transition at its time ({@code started_at} when
 *       opened, {@code ended_at} when closed); tags {@code auv_id}, {@code rule_id}, {@code rule_type},
 *       {@code severity}, {@code transition} ({@code opened|closed}) and {@code zone_id} when the rule
 *       has one; fields {@code violation_id}, {@code latitude}, {@code longitude}, {@code depth},
 *       {@code late}, {@code inferred}, {@code message}, and {@code duration_seconds} when closed.</li>
 * </ul>
 * A point is unique by measurement, tags and time, so writing a batch again (a redelivery, a replay)
 * changes nothing. Thread-safe.
 */
public class InfluxPoints {

    public static final String POSITIONS = "auv_position";
    public static final String VIOLATIONS = "violations";

    private final InfluxProperties properties;
    private final VehicleService vehicles;
    private final ObjectMapper json;

    public InfluxPoints(InfluxProperties properties, VehicleService vehicles, ObjectMapper json) {
        this.properties = properties;
        this.vehicles = vehicles;
        this.json = json;
    }

    /** The applied fixes and violation transitions of a judged batch. */
    public TimeSeriesBatch collect(BatchResult batch) {
        List<TimeSeriesBatch.Transition> transitions = new ArrayList<>();
        for (FixResult r : batch.results()) {
            Evaluation ev = r.evaluation();
            for (Violation v : ev.opened()) {
                transitions.add(new TimeSeriesBatch.Transition(TimeSeriesBatch.Transition.OPENED, v));
                if (v.status() == Violation.Status.CLOSED) {
                    // a late or inferred episode arrives opened and closed at once
                    transitions.add(new TimeSeriesBatch.Transition(TimeSeriesBatch.Transition.CLOSED, v));
                }
            }
            ev.closed().forEach(v -> transitions.add(new TimeSeriesBatch.Transition(TimeSeriesBatch.Transition.CLOSED, v)));
        }
        return new TimeSeriesBatch(batch.appliedFixes(), transitions);
    }

    /**
     * The points to write: from a {@link TimeSeriesBatch}, or from its JSON (a replayed dead letter).
     *
     * @throws IOException when the JSON is not a batch
     */
    public BatchPoints toBatchPoints(Object body) throws IOException {
        TimeSeriesBatch batch = body instanceof TimeSeriesBatch b ? b : json.readValue(body.toString(), TimeSeriesBatch.class);
        BatchPoints.Builder points = BatchPoints.database(properties.database())
                .retentionPolicy(properties.retentionPolicy())
                .precision(TimeUnit.MICROSECONDS);
        batch.fixes().forEach(f -> points.point(position(f)));
        batch.violations().forEach(t -> points.point(violation(t)));
        return points.build();
    }

    private Point position(Telemetry f) {
        Point.Builder p = Point.measurement(POSITIONS).time(micros(f.timestamp()), TimeUnit.MICROSECONDS)
                .tag("auv_id", f.auvId());
        vehicles.find(f.auvId()).map(Vehicle::operator).filter(o -> !o.isBlank()).ifPresent(o -> p.tag("operator", o));
        if (f.missionId() != null && !f.missionId().isBlank()) {
            p.tag("mission_id", f.missionId());
        }
        p.addField("latitude", f.latitude()).addField("longitude", f.longitude()).addField("depth", f.depth());
        if (f.speed() != null) {
            p.addField("speed", f.speed().doubleValue());
        }
        if (f.heading() != null) {
            p.addField("heading", f.heading().doubleValue());
        }
        if (f.battery() != null) {
            p.addField("battery", f.battery().doubleValue());
        }
        return p.build();
    }

    private static Point violation(TimeSeriesBatch.Transition t) {
        Violation v = t.violation();
        boolean closed = TimeSeriesBatch.Transition.CLOSED.equals(t.transition());
        Instant at = closed && v.endedAt() != null ? v.endedAt() : v.startedAt();
        Point.Builder p = Point.measurement(VIOLATIONS).time(micros(at), TimeUnit.MICROSECONDS)
                .tag("auv_id", v.auvId())
                .tag("rule_id", v.ruleId())
                .tag("rule_type", v.ruleType().wireName())
                .tag("severity", v.severity().wireName())
                .tag("transition", t.transition());
        if (v.zoneId() != null) {
            p.tag("zone_id", v.zoneId());
        }
        p.addField("violation_id", v.violationId())
                .addField("latitude", v.latitude()).addField("longitude", v.longitude()).addField("depth", v.depth())
                .addField("late", v.late()).addField("inferred", v.inferred());
        if (v.message() != null) {
            p.addField("message", v.message());
        }
        if (closed && v.endedAt() != null) {
            p.addField("duration_seconds", (micros(v.endedAt()) - micros(v.startedAt())) / 1e6);
        }
        return p.build();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
