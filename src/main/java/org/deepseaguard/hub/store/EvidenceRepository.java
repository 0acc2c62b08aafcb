package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.ZoneEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The reads of an evidence package that no other repository has: events in time order, the zone version in force at a time. */
@Repository
public class EvidenceRepository {

    private final JdbcTemplate jdbc;

    public EvidenceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A vehicle's zone events with {@code from <= timestamp < to}, oldest first (then by id). */
    public List<ZoneEvent> events(String auvId, Instant from, Instant to) {
        return jdbc.query("SELECT * FROM zone_events WHERE auv_id = ? AND event_time >= ? AND event_time < ? "
                        + "ORDER BY event_time, event_id",
                (rs, i) -> new ZoneEvent(rs.getString("event_id"), ZoneEvent.Type.fromWire(rs.getString("event_type")),
                        rs.getString("auv_id"), rs.getString("zone_id"), Sql.instant(rs, "event_time"),
                        rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getDouble("depth")),
                auvId, Sql.ts(from), Sql.ts(to));
    }

    /** The version of a zone in force at {@code at}: the newest stored no later than it. */
    public Optional<StoredVersion<String>> zoneVersionAt(String zoneId, Instant at) {
        return jdbc.query("SELECT version, change_type, changed_at, feature FROM zone_versions "
                        + "WHERE zone_id = ? AND changed_at <= ? ORDER BY version DESC LIMIT 1",
                (rs, i) -> new StoredVersion<>(rs.getInt("version"), rs.getString("change_type"),
                        Sql.instant(rs, "changed_at"), rs.getString("feature")), zoneId, Sql.ts(at)).stream().findFirst();
    }
}
