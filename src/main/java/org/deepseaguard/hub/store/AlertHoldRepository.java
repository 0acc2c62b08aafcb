package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.hub.service.AuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

/**
 * Table {@code alert_holds} (V58): the violation transitions whose alert was held back by the
 * minimum interval between alerts (docs/alerts.md, "Flapping"). Thread-safe.
 */
@Repository
public class AlertHoldRepository {

    /** One held-back alert: the transition of a violation episode at its event time. */
    public record Hold(String violationId, String transition, String auvId, String ruleId, String zoneId, Instant eventAt) {
    }

    private final JdbcTemplate jdbc;

    public AlertHoldRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the holds; must run in the transaction of the batch that judged them. */
    public void insert(List<Hold> holds, Instant now) {
        if (holds.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO alert_holds (violation_id, transition, auv_id, rule_id, zone_id, event_at, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", holds, holds.size(), (ps, h) -> {
                    ps.setString(1, h.violationId());
                    ps.setString(2, h.transition());
                    ps.setString(3, h.auvId());
                    ps.setString(4, h.ruleId());
                    ps.setString(5, h.zoneId());
                    ps.setObject(6, Sql.ts(h.eventAt()));
                    ps.setObject(7, Sql.ts(now));
                });
    }

    /** Whether the opening alert of that episode was held back. */
    public boolean openingHeld(String violationId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM alert_holds WHERE violation_id = ? AND transition = ?",
                Integer.class, violationId, AuditLog.VIOLATION_OPENED);
        return n != null && n > 0;
    }

    /**
     * The event time of the last alert that went out for the vehicle, rule and zone (null zone: rules
     * judged without one): the latest opening or closing of an episode whose opening was not held;
     * null when there was none.
     */
    public Instant lastAlerted(String auvId, String ruleId, String zoneId) {
        String sql = """
                SELECT MAX(COALESCE(v.ended_at, v.started_at)) AS last_at FROM violations v
                WHERE v.auv_id = ? AND v.rule_id = ? AND %s
                  AND NOT EXISTS (SELECT 1 FROM alert_holds h
                                  WHERE h.violation_id = v.violation_id AND h.transition = ?)""";
        ResultSetExtractor<Instant> last = rs -> rs.next() ? Sql.instant(rs, "last_at") : null;
        return zoneId == null
                ? jdbc.query(sql.formatted("v.zone_id IS NULL"), last, auvId, ruleId, AuditLog.VIOLATION_OPENED)
                : jdbc.query(sql.formatted("v.zone_id = ?"), last, auvId, ruleId, zoneId, AuditLog.VIOLATION_OPENED);
    }
}
