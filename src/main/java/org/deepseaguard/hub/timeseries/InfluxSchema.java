package org.deepseaguard.hub.timeseries;

import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates what the hub writes to, idempotently: the database, the default retention policy
 * ({@code raw}, {@link InfluxProperties#retention()}), the policy of the downsampled points
 * ({@code downsampled}) and the hourly continuous query {@code auv_position_1h} (per vehicle and
 * tag set: mean latitude, longitude, depth and speed, deepest depth, top speed, lowest battery and
 * the number of fixes of each hour). Tried at start and, until it succeeded, before each write, so
 * an InfluxDB that comes up after the hub is set up on the first write. Thread-safe.
 */
public class InfluxSchema {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSchema.class);
    public static final String HOURLY = "auv_position_1h";

    private final InfluxDB influx;
    private final InfluxProperties properties;
    private volatile boolean ready;

    public InfluxSchema(InfluxDB influx, InfluxProperties properties) {
        this.influx = influx;
        this.properties = properties;
    }

    /** At start: set up if InfluxDB answers; if not, the first write does it. */
    public void tryEnsure() {
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB at {} is not set up yet ({}); the first write will try again", properties.url(), e.getMessage());
        }
    }

    /** Sets the database up unless done already. @throws RuntimeException when InfluxDB refuses or does not answer */
    public void ensure() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            String db = quote(properties.database());
            run("CREATE DATABASE " + db);
            policy(properties.retentionPolicy(), properties.retention().toHours(), true);
            policy(properties.downsampledPolicy(), properties.downsampledRetention().toHours(), false);
            // a changed query replaces the old one (CREATE refuses a different query under the same name)
            run("DROP CONTINUOUS QUERY " + quote(HOURLY) + " ON " + db, true);
            run("CREATE CONTINUOUS QUERY " + quote(HOURLY) + " ON " + db + " BEGIN SELECT "
                    + "mean(latitude) AS latitude, mean(longitude) AS longitude, mean(depth) AS depth, "
                    + "max(depth) AS max_depth, mean(speed) AS speed, max(speed) AS max_speed, "
                    + "min(battery) AS battery, count(latitude) AS fixes "
                    + "INTO " + db + "." + quote(properties.downsampledPolicy()) + "." + quote(HOURLY)
                    + " FROM " + db + "." + quote(properties.retentionPolicy()) + "." + quote(InfluxPoints.POSITIONS)
                    + " GROUP BY time(1h), * END");
            ready = true;
            LOG.info("InfluxDB {} database {}: policies {} ({} h, default) and {} ({} h), continuous query {}",
                    properties.url(), properties.database(), properties.retentionPolicy(), properties.retention().toHours(),
                    properties.downsampledPolicy(), properties.downsampledRetention().toHours(), HOURLY);
        }
    }

    private void policy(String name, long hours, boolean isDefault) {
        String options = " ON " + quote(properties.database()) + " DURATION " + hours + "h REPLICATION 1"
                + (isDefault ? " DEFAULT" : "");
        List<String> errors = run("CREATE RETENTION POLICY " + quote(name) + options, true);
        if (!errors.isEmpty()) {
            // it exists with other settings: bring it to the configured ones
            run("ALTER RETENTION POLICY " + quote(name) + options);
        }
    }

    private void run(String statement) {
        List<String> errors = run(statement, false);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("InfluxDB refused '" + statement + "': " + errors);
        }
    }

    private List<String> run(String statement, boolean tolerateErrors) {
        QueryResult result = influx.query(new Query(statement));
        List<String> errors = new java.util.ArrayList<>();
        if (result.getError() != null) {
            errors.add(result.getError());
        }
        if (result.getResults() != null) {
            result.getResults().stream().filter(r -> r.getError() != null).forEach(r -> errors.add(r.getError()));
        }
        if (!errors.isEmpty() && tolerateErrors) {
            LOG.debug("InfluxDB: '{}' answered {}", statement, errors);
        }
        return errors;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
