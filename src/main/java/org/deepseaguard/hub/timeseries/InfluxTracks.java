package org.deepseaguard.hub.timeseries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.core.model.Telemetry;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.QueryResult;

/**
 * Tracks from InfluxDB ({@code auv_position} of the default retention policy), with bound
 * parameters, times at microsecond precision as written. Points are written a moment after their
 * batch was judged ({@link InfluxProperties#flushInterval()}), so the newest fixes may be missing for
 * that moment. Thread-safe.
 */
public class InfluxTracks implements TrackSource {

    private static final String COLUMNS = "latitude, longitude, depth, heading, speed, battery, mission_id";

    private final InfluxDB influx;
    private final InfluxProperties properties;

    public InfluxTracks(InfluxDB influx, InfluxProperties properties) {
        this.influx = influx;
        this.properties = properties;
    }

    @Override
    public List<Telemetry> appliedFixes(String auvId, Instant from, Instant to, int limit) {
        BoundParameterQuery query = BoundParameterQuery.QueryBuilder.newQuery("SELECT " + COLUMNS + " FROM "
                        + InfluxSchema.quote(properties.retentionPolicy()) + "." + InfluxSchema.quote(InfluxPoints.POSITIONS)
                        + " WHERE auv_id = $auv AND time >= $from AND time < $to ORDER BY time ASC LIMIT " + limit)
                .forDatabase(properties.database())
                .bind("auv", auvId)
                .bind("from", nanos(from))
                .bind("to", nanos(to))
                .create();
        QueryResult result;
        try {
            result = influx.query(query, TimeUnit.MICROSECONDS);
        } catch (InfluxDBException e) {
            throw new TimeSeriesUnavailableException("InfluxDB did not answer the track query: " + e.getMessage(), e);
        }
        if (result.hasError()) {
            throw new TimeSeriesUnavailableException("InfluxDB refused the track query: " + result.getError(), null);
        }
        List<Telemetry> fixes = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                // the database is not there yet: nothing was written
                if (r.getError().contains("database not found")) {
                    return fixes;
                }
                throw new TimeSeriesUnavailableException("InfluxDB refused the track query: " + r.getError(), null);
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                for (List<Object> row : s.getValues()) {
                    fixes.add(fix(auvId, row));
                }
            }
        }
        return fixes;
    }

    // row: time (epoch microseconds), then COLUMNS in order; numbers arrive as doubles (exact below 2^53)
    private static Telemetry fix(String auvId, List<Object> row) {
        long micros = ((Number) row.get(0)).longValue();
        Instant time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new Telemetry(auvId, time, number(row.get(1)), number(row.get(2)), number(row.get(3)),
                nullable(row.get(4)), nullable(row.get(5)), nullable(row.get(6)), (String) row.get(7));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static Double nullable(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
