package org.deepseaguard.hub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deepseaguard.core.model.Telemetry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable fix log (table {@code fix_log}): every fix the hub took, applied or late, once per
 * vehicle and event time. A fix found here is a duplicate at any age. Inserts are JDBC batches in
 * the caller's transaction. Thread-safe.
 */
@Repository
public class FixLogRepository {

    /** One fix to log: {@code late} when it was older than the vehicle's newest fix. */
    public record Entry(Telemetry fix, boolean late, String source) {
    }

    private final JdbcTemplate jdbc;

    public FixLogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which of the given timestamps of each vehicle are in the log already. One query per vehicle,
     * over the range of its timestamps (the hub asks only for fixes older than a vehicle's newest,
     * which are rare).
     */
    public Set<Instant> logged(String auvId, List<Instant> timestamps) {
        Set<Instant> found = new HashSet<>();
        if (timestamps.isEmpty()) {
            return found;
        }
        Instant min = timestamps.get(0);
        Instant max = min;
        for (Instant t : timestamps) {
            min = t.isBefore(min) ? t : min;
            max = t.isAfter(max) ? t : max;
        }
        Set<Instant> wanted = new HashSet<>(timestamps);
        jdbc.query("SELECT fix_time FROM fix_log WHERE auv_id = ? AND fix_time BETWEEN ? AND ?", rs -> {
            Instant t = Sql.instant(rs, "fix_time");
            if (wanted.contains(t)) {
                found.add(t);
            }
        }, auvId, Sql.ts(min), Sql.ts(max));
        return found;
    }

    /** Logs the fixes in one JDBC batch; a fix logged already is left as it is. */
    public void insert(List<Entry> entries, Instant receivedAt) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO fix_log (auv_id, fix_time, latitude, longitude, depth, heading, speed, battery, "
                        + "mission_id, late, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING",
                entries, entries.size(), (ps, e) -> {
                    Telemetry f = e.fix();
                    ps.setString(1, f.auvId());
                    ps.setObject(2, Sql.ts(f.timestamp()));
                    ps.setDouble(3, f.latitude());
                    ps.setDouble(4, f.longitude());
                    ps.setDouble(5, f.depth());
                    setDouble(ps, 6, f.heading());
                    setDouble(ps, 7, f.speed());
                    setDouble(ps, 8, f.battery());
                    ps.setString(9, f.missionId());
                    ps.setBoolean(10, e.late());
                    ps.setString(11, e.source());
                    ps.setObject(12, Sql.ts(receivedAt));
                });
    }

    /** A vehicle's newest logged fix and when it arrived. */
    public record Newest(Telemetry fix, Instant receivedAt) {
    }

    /**
     * The vehicle's newest logged fix, or null. It is always an applied fix: a late one is older
     * than the vehicle's newest by definition.
     */
    public Newest newest(String auvId) {
        List<Newest> rows = jdbc.query("SELECT * FROM fix_log WHERE auv_id = ? ORDER BY fix_time DESC LIMIT 1",
                (rs, i) -> new Newest(fix(rs), Sql.instant(rs, "received_at")), auvId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The logged fixes of a vehicle in [from, to), oldest first. */
    public List<Telemetry> track(String auvId, Instant from, Instant to) {
        Filter f = new Filter().and("auv_id = ?", auvId).and("fix_time >= ?", Sql.ts(from)).and("fix_time < ?", Sql.ts(to));
        return jdbc.query("SELECT * FROM fix_log" + f.where() + " ORDER BY fix_time", (rs, i) -> fix(rs), f.args());
    }

    private static Telemetry fix(ResultSet rs) throws SQLException {
        return new Telemetry(rs.getString("auv_id"), Sql.instant(rs, "fix_time"), rs.getDouble("latitude"),
                rs.getDouble("longitude"), rs.getDouble("depth"), Sql.nullableDouble(rs, "heading"),
                Sql.nullableDouble(rs, "speed"), Sql.nullableDouble(rs, "battery"), rs.getString("mission_id"));
    }

    /** Deletes the fixes older than {@code horizon} (event time); returns how many. */
    public int deleteOlderThan(Instant horizon) {
        return jdbc.update("DELETE FROM fix_log WHERE fix_time < ?", Sql.ts(horizon));
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
