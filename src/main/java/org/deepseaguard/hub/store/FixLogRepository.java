package org.deepseaguard.hub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
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

    private static final int LOOKUP_CHUNK = 500;

    private final JdbcTemplate jdbc;

    public FixLogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which of the given timestamps of a vehicle are in the log already: point lookups on the
     * primary key, up to {@value #LOOKUP_CHUNK} per query (the hub asks only for fixes older than a
     * vehicle's newest, which are rare).
     */
    public Set<Instant> logged(String auvId, List<Instant> timestamps) {
        Set<Instant> found = new HashSet<>();
        for (int from = 0; from < timestamps.size(); from += LOOKUP_CHUNK) {
            List<Instant> chunk = timestamps.subList(from, Math.min(timestamps.size(), from + LOOKUP_CHUNK));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = auvId;
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = Sql.ts(chunk.get(i));
            }
            jdbc.query("SELECT fix_time FROM fix_log WHERE auv_id = ? AND fix_time IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        found.add(Sql.instant(rs, "fix_time"));
                    }, args);
        }
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

    /**
     * The applied fixes of a vehicle in [from, to) (late ones left out), oldest first, at most
     * {@code limit}: a range of index {@code fix_log_auv_time}.
     */
    public List<Telemetry> applied(String auvId, Instant from, Instant to, int limit) {
        return jdbc.query("SELECT * FROM fix_log WHERE auv_id = ? AND fix_time >= ? AND fix_time < ? AND late = FALSE "
                        + "ORDER BY fix_time LIMIT ?", (rs, i) -> fix(rs), auvId, Sql.ts(from), Sql.ts(to), limit);
    }

    static Telemetry fix(ResultSet rs) throws SQLException {
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
