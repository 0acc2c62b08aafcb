package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.deepseaguard.core.model.ZoneEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Zone entry/exit events, inserted idempotently by {@code event_id} (deterministic in the core). */
@Repository
public class EventRepository {

    /** Query filter; null fields do not filter. {@code since}/{@code until} bound the event time ([since, until)). */
    public record Query(String auvId, String zoneId, ZoneEvent.Type type, Instant since, Instant until,
                        int limit, int offset) {
    }

    private final JdbcTemplate jdbc;

    public EventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the events in one JDBC batch; an event stored already is left as it is. */
    public void insert(Collection<ZoneEvent> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO zone_events (event_id, event_type, auv_id, zone_id, event_time, latitude, longitude, "
                        + "depth, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                events, events.size(), (ps, e) -> {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.type().wireName());
                    ps.setString(3, e.auvId());
                    ps.setString(4, e.zoneId());
                    ps.setObject(5, Sql.ts(e.timestamp()));
                    ps.setDouble(6, e.latitude());
                    ps.setDouble(7, e.longitude());
                    ps.setDouble(8, e.depth());
                    ps.setObject(9, Sql.ts(now));
                });
    }

    /** Newest first (by event time, then id). */
    public Page<ZoneEvent> find(Query q) {
        Filter f = new Filter()
                .and("auv_id = ?", q.auvId())
                .and("zone_id = ?", q.zoneId())
                .and("event_type = ?", q.type() == null ? null : q.type().wireName())
                .and("event_time >= ?", Sql.ts(q.since()))
                .and("event_time < ?", Sql.ts(q.until()));
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM zone_events" + f.where(), Long.class, f.args());
        List<ZoneEvent> items = jdbc.query("SELECT * FROM zone_events" + f.where()
                        + " ORDER BY event_time DESC, event_id DESC LIMIT ? OFFSET ?",
                (rs, i) -> map(rs), f.args(q.limit(), q.offset()));
        return new Page<>(items, total == null ? 0 : total);
    }

    /** A vehicle's zone events with {@code from <= timestamp < to}, oldest first (then by id). */
    public List<ZoneEvent> between(String auvId, Instant from, Instant to) {
        return jdbc.query("SELECT * FROM zone_events WHERE auv_id = ? AND event_time >= ? AND event_time < ? "
                + "ORDER BY event_time, event_id", (rs, i) -> map(rs), auvId, Sql.ts(from), Sql.ts(to));
    }

    private static ZoneEvent map(ResultSet rs) throws SQLException {
        return new ZoneEvent(rs.getString("event_id"), ZoneEvent.Type.fromWire(rs.getString("event_type")),
                rs.getString("auv_id"), rs.getString("zone_id"), Sql.instant(rs, "event_time"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getDouble("depth"));
    }
}
