package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.geo.TrackLines;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.timeseries.TrackProperties;
import org.deepseaguard.hub.timeseries.TrackSource;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/auvs/{auv_id}/track?from&to&format=geojson|csv}: a vehicle's applied fixes in
 * [from, to) (docs/api.md, "Tracks"). GeoJSON: one Feature whose geometry is {@code null} (no fix), a
 * Point (one fix), a LineString, or a MultiLineString when the track crosses the antimeridian
 * ({@link TrackLines}); the per-fix times, depths, speeds and headings are arrays in its properties.
 * CSV: one row per fix.
 */
@Component
public class TrackApi {

    private static final List<String> CSV_COLUMNS = List.of("auv_id", "timestamp", "latitude", "longitude", "depth",
            "speed", "heading", "battery", "mission_id");

    private final TrackSource tracks;
    private final StatusService status;
    private final TrackProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public TrackApi(TrackSource tracks, StatusService status, TrackProperties properties, ObjectMapper json, Clock clock) {
        this.tracks = tracks;
        this.status = status;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    public ApiResponse track(String auvId, Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        Instant to = p.instant("to");
        Instant from = p.instant("from");
        boolean csv = Boolean.TRUE.equals(p.oneOf("format", TrackApi::isCsv, "geojson, csv"));
        p.check();
        status.get(auvId);
        if (to == null) {
            to = clock.instant();
        }
        if (from == null) {
            from = to.minus(properties.defaultPeriod());
        }
        if (!from.isBefore(to)) {
            throw new InvalidInputException(List.of(new FieldError("to", "must be after from")));
        }
        List<Telemetry> fixes = appliedFixes(auvId, from, to);
        return csv ? ApiResponse.text(Csv.MEDIA_TYPE, csv(fixes)) : ApiResponse.ok(geoJson(auvId, from, to, fixes));
    }

    /**
     * The vehicle's applied fixes of [from, to), at most {@code deepseaguard.tracks.max-fixes}.
     *
     * @throws InvalidInputException naming {@code from} when the period holds more
     */
    List<Telemetry> appliedFixes(String auvId, Instant from, Instant to) {
        List<Telemetry> fixes = tracks.appliedFixes(auvId, from, to, properties.maxFixes() + 1);
        if (fixes.size() > properties.maxFixes()) {
            throw new InvalidInputException(List.of(new FieldError("from",
                    "the period holds more than " + properties.maxFixes() + " fixes; ask for a shorter one")));
        }
        return fixes;
    }

    private static boolean isCsv(String format) {
        return switch (format) {
            case "geojson" -> false;
            case "csv" -> true;
            default -> throw new IllegalArgumentException(format);
        };
    }

    ObjectNode geoJson(String auvId, Instant from, Instant to, List<Telemetry> fixes) {
        ObjectNode feature = json.createObjectNode().put("type", "Feature");
        List<double[]> positions = new ArrayList<>(fixes.size());
        fixes.forEach(f -> positions.add(new double[] {f.longitude(), f.latitude()}));
        List<List<double[]>> lines = TrackLines.split(positions);
        if (lines.isEmpty()) {
            feature.putNull("geometry");
        } else if (fixes.size() == 1) {
            feature.putObject("geometry").put("type", "Point").set("coordinates", position(positions.get(0)));
        } else if (lines.size() == 1) {
            feature.putObject("geometry").put("type", "LineString").set("coordinates", line(lines.get(0)));
        } else {
            ArrayNode multi = feature.putObject("geometry").put("type", "MultiLineString").putArray("coordinates");
            lines.forEach(l -> multi.add(line(l)));
        }
        ObjectNode properties = feature.putObject("properties")
                .put("auv_id", auvId).put("from", from.toString()).put("to", to.toString()).put("fixes", fixes.size());
        ArrayNode times = properties.putArray("times");
        ArrayNode depths = properties.putArray("depths");
        ArrayNode speeds = properties.putArray("speeds");
        ArrayNode headings = properties.putArray("headings");
        for (Telemetry f : fixes) {
            times.add(f.timestamp().toString());
            depths.add(f.depth());
            addNullable(speeds, f.speed());
            addNullable(headings, f.heading());
        }
        return feature;
    }

    static String csv(List<Telemetry> fixes) {
        List<Object[]> rows = new ArrayList<>(fixes.size());
        for (Telemetry f : fixes) {
            rows.add(new Object[] {f.auvId(), f.timestamp().toString(), f.latitude(), f.longitude(), f.depth(),
                    f.speed(), f.heading(), f.battery(), f.missionId()});
        }
        return Csv.write(CSV_COLUMNS, rows);
    }

    private ArrayNode line(List<double[]> positions) {
        ArrayNode coordinates = json.createArrayNode();
        positions.forEach(p -> coordinates.add(position(p)));
        return coordinates;
    }

    private ArrayNode position(double[] p) {
        return json.createArrayNode().add(p[0]).add(p[1]);
    }

    private static void addNullable(ArrayNode array, Double value) {
        if (value == null) {
            array.addNull();
        } else {
            array.add(value);
        }
    }
}
