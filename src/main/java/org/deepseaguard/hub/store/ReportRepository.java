package org.deepseaguard.hub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * What compliance reports read: a period's applied fixes, zone events and violations, for one
 * vehicle ({@code auvId} given) or the whole fleet ({@code auvId} null). Rows are handed to a
 * callback one at a time, read with a JDBC fetch size of {@value #FETCH_SIZE}, so a fleet-wide
 * period is never held in memory (on PostgreSQL the driver streams only inside a transaction: the
 * caller runs the reads in one). Periods are half-open, [from, to). Thread-safe.
 */
@Repository
public class ReportRepository {

    /** An applied fix, reduced to what a report needs. */
    public record FixPoint(String auvId, Instant time, double latitude, double longitude) {
    }

    /** A zone entry or exit, reduced to what a report needs. */
    public record EventPoint(String auvId, String zoneId, ZoneEvent.Type type, Instant time) {
    }

    /** A vehicle inside a zone at some instant. */
    public record Presence(String auvId, String zoneId) {
    }

    static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;

    public ReportRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the fix log holds any fix of the vehicle, applied or late. */
    public boolean hasFixes(String auvId) {
        return !jdbc.queryForList("SELECT 1 FROM fix_log WHERE auv_id = ? LIMIT 1", Integer.class, auvId).isEmpty();
    }

    /**
     * The applied fixes ({@code late = false}) with {@code from <= fix_time < to}, in time order
     * (one vehicle's fixes have distinct times, so each vehicle's come in its own order). The fleet
     * query reads the time-first primary key; one vehicle's reads index (auv_id, fix_time).
     */
    public void appliedFixes(String auvId, Instant from, Instant to, Consumer<FixPoint> sink) {
        Filter f = new Filter().and("fix_time >= ?", Sql.ts(from)).and("fix_time < ?", Sql.ts(to)).and("auv_id = ?", auvId);
        stream("SELECT auv_id, fix_time, latitude, longitude FROM fix_log" + f.where() + " AND late = FALSE ORDER BY fix_time",
                f.args(), rs -> sink.accept(new FixPoint(rs.getString("auv_id"), Sql.instant(rs, "fix_time"),
                        rs.getDouble("latitude"), rs.getDouble("longitude"))));
    }

    /**
     * The (vehicle, zone) pairs whose last event before {@code at} is an entry: the vehicle was
     * inside the zone at {@code at}. Reads every earlier event of the vehicle (of the fleet when
     * {@code auvId} is null), since an entry may be arbitrarily old.
     */
    public void insideAt(String auvId, Instant at, Consumer<Presence> sink) {
        Filter f = new Filter().and("event_time < ?", Sql.ts(at)).and("auv_id = ?", auvId);
        stream("SELECT e.auv_id, e.zone_id FROM zone_events e JOIN ("
                        + "SELECT auv_id, zone_id, MAX(event_time) AS last_time FROM zone_events" + f.where()
                        + " GROUP BY auv_id, zone_id) m "
                        + "ON e.auv_id = m.auv_id AND e.zone_id = m.zone_id AND e.event_time = m.last_time "
                        + "WHERE e.event_type = 'zone_entry' ORDER BY e.auv_id, e.zone_id",
                f.args(), rs -> sink.accept(new Presence(rs.getString("auv_id"), rs.getString("zone_id"))));
    }

    /** The zone events with {@code from <= event_time < to}, in time order (then by id). */
    public void zoneEvents(String auvId, Instant from, Instant to, Consumer<EventPoint> sink) {
        Filter f = new Filter().and("event_time >= ?", Sql.ts(from)).and("event_time < ?", Sql.ts(to)).and("auv_id = ?", auvId);
        stream("SELECT auv_id, zone_id, event_type, event_time FROM zone_events" + f.where()
                        + " ORDER BY event_time, event_id",
                f.args(), rs -> sink.accept(new EventPoint(rs.getString("auv_id"), rs.getString("zone_id"),
                        ZoneEvent.Type.fromWire(rs.getString("event_type")), Sql.instant(rs, "event_time"))));
    }

    /**
     * The violation episodes that overlap [from, to): started before {@code to} and not ended by
     * {@code from}; an episode of no length (late and inferred ones) counts in the period it lies
     * in, so one at {@code from} itself is taken. Ordered by start, then id.
     */
    public void violations(String auvId, Instant from, Instant to, Consumer<Violation> sink) {
        Filter f = new Filter().and("started_at < ?", Sql.ts(to)).and("auv_id = ?", auvId);
        List<Object> args = new ArrayList<>(List.of(f.args()));
        args.add(Sql.ts(from));
        args.add(Sql.ts(from));
        stream("SELECT " + ViolationRepository.COLUMNS + " FROM violations" + f.where()
                        + " AND (ended_at IS NULL OR ended_at > ? OR started_at >= ?) ORDER BY started_at, violation_id",
                args.toArray(), rs -> sink.accept(ViolationRepository.map(rs)));
    }

    /** The last stored version of a zone that had a feature (a deleted zone's last definition). */
    public Optional<ZoneRepository.StoredZone> lastDefinition(String zoneId) {
        return jdbc.query("SELECT zone_id, version, feature FROM zone_versions WHERE zone_id = ? AND feature IS NOT NULL "
                        + "ORDER BY version DESC LIMIT 1",
                (rs, i) -> new ZoneRepository.StoredZone(rs.getString("zone_id"), rs.getInt("version"), rs.getString("feature")),
                zoneId).stream().findFirst();
    }

    private void stream(String sql, Object[] args, RowCallbackHandler rows) {
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(FETCH_SIZE);
            new ArgumentPreparedStatementSetter(args).setValues(ps);
            return ps;
        }, rows);
    }
}
