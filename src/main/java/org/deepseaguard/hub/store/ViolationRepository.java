package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The audit trail of violation episodes, upserted by {@code violation_id} (deterministic in the
 * core, so a re-evaluated fix rewrites the same row). A row holds the episode exactly as the engine
 * does (the open ones are part of the vehicles' durable state). The zone, rule and registration
 * versions are written when the row is inserted and never updated: an episode keeps the versions
 * that opened it. Writers of one vehicle are serialised by
 * the compliance service, so update-then-insert is race free.
 */
@Repository
public class ViolationRepository {

    /** Query filter; null fields do not filter. {@code since}/{@code until} bound {@code started_at} ([since, until)). */
    public record Query(String auvId, String zoneId, String ruleId, Severity severity, Violation.Status status,
                        Instant since, Instant until, int limit, int offset) {
    }

    static final String COLUMNS = "violation_id, auv_id, rule_id, rule_type, zone_id, severity, status, "
            + "started_at, ended_at, last_seen_at, latitude, longitude, depth, message, late, inferred, "
            + "zone_version, rule_version, registration_version";

    private final JdbcTemplate jdbc;

    public ViolationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the latest version of each violation in JDBC batches: an update of the rows that exist,
     * an insert of the others. Several versions of one violation (an episode opened, continued and
     * closed within one batch) must be reduced to the last by the caller.
     */
    public void upsert(Collection<Violation> violations, Instant now) {
        Sql.updateElseInsert(jdbc, List.copyOf(violations),
                "UPDATE violations SET status = ?, ended_at = ?, last_seen_at = ?, latitude = ?, "
                        + "longitude = ?, depth = ?, message = ?, recorded_at = ? "
                        + "WHERE violation_id = ?",
                (ps, v) -> {
                    ps.setString(1, v.status().wireName());
                    ps.setObject(2, Sql.ts(v.endedAt()));
                    ps.setObject(3, Sql.ts(v.lastSeenAt()));
                    ps.setDouble(4, v.latitude());
                    ps.setDouble(5, v.longitude());
                    ps.setDouble(6, v.depth());
                    ps.setString(7, v.message());
                    ps.setObject(8, Sql.ts(now));
                    ps.setString(9, v.violationId());
                },
                "INSERT INTO violations (" + COLUMNS + ", recorded_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ps, v) -> {
                    ps.setString(1, v.violationId());
                    ps.setString(2, v.auvId());
                    ps.setString(3, v.ruleId());
                    ps.setString(4, v.ruleType().wireName());
                    ps.setString(5, v.zoneId());
                    ps.setString(6, v.severity().wireName());
                    ps.setString(7, v.status().wireName());
                    ps.setObject(8, Sql.ts(v.startedAt()));
                    ps.setObject(9, Sql.ts(v.endedAt()));
                    ps.setObject(10, Sql.ts(v.lastSeenAt()));
                    ps.setDouble(11, v.latitude());
                    ps.setDouble(12, v.longitude());
                    ps.setDouble(13, v.depth());
                    ps.setString(14, v.message());
                    ps.setBoolean(15, v.late());
                    ps.setBoolean(16, v.inferred());
                    ps.setInt(17, v.zoneVersion());
                    ps.setInt(18, v.ruleVersion());
                    ps.setObject(19, v.registrationVersion(), java.sql.Types.INTEGER);
                    ps.setObject(20, Sql.ts(now));
                });
    }

    /** Every open episode, as the engine holds it (vehicle states are rebuilt from them). */
    public List<Violation> open() {
        return jdbc.query("SELECT " + COLUMNS + " FROM violations WHERE status = 'open'", (rs, i) -> map(rs));
    }

    /** One vehicle's open episodes. */
    public List<Violation> open(String auvId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM violations WHERE status = 'open' AND auv_id = ?", (rs, i) -> map(rs),
                auvId);
    }

    /** One episode by its id. */
    public Optional<Violation> find(String violationId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM violations WHERE violation_id = ?", (rs, i) -> map(rs), violationId)
                .stream().findFirst();
    }

    /** Newest first (by {@code started_at}, then id). */
    public Page<Violation> find(Query q) {
        Filter f = new Filter()
                .and("auv_id = ?", q.auvId())
                .and("zone_id = ?", q.zoneId())
                .and("rule_id = ?", q.ruleId())
                .and("severity = ?", q.severity() == null ? null : q.severity().wireName())
                .and("status = ?", q.status() == null ? null : q.status().wireName())
                .and("started_at >= ?", Sql.ts(q.since()))
                .and("started_at < ?", Sql.ts(q.until()));
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM violations" + f.where(), Long.class, f.args());
        List<Violation> items = jdbc.query("SELECT " + COLUMNS + " FROM violations" + f.where()
                        + " ORDER BY started_at DESC, violation_id DESC LIMIT ? OFFSET ?",
                (rs, i) -> map(rs), f.args(q.limit(), q.offset()));
        return new Page<>(items, total == null ? 0 : total);
    }

    static Violation map(ResultSet rs) throws SQLException {
        return new Violation(rs.getString("violation_id"), rs.getString("auv_id"), rs.getString("rule_id"),
                RuleType.fromWire(rs.getString("rule_type")), rs.getString("zone_id"),
                Severity.fromWire(rs.getString("severity")),
                "open".equals(rs.getString("status")) ? Violation.Status.OPEN : Violation.Status.CLOSED,
                Sql.instant(rs, "started_at"), Sql.instant(rs, "ended_at"), Sql.instant(rs, "last_seen_at"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getDouble("depth"), rs.getString("message"),
                rs.getBoolean("late"), rs.getBoolean("inferred"), rs.getInt("zone_version"), rs.getInt("rule_version"),
                (Integer) rs.getObject("registration_version", Integer.class));
    }
}
