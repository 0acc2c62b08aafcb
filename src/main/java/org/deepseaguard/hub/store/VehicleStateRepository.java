package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable vehicle states, kept as the facts they are made of rather than as documents: a
 * vehicle's last fix (and when it arrived) is the fix-log row that {@code tracked_vehicles} points
 * at, the zones it is in with their entry times are table {@code vehicle_zones}, its open episodes
 * are the open rows of {@code violations}. {@link #record} writes the
 * changes of a batch in the caller's transaction (a vehicle's first fix, zones entered and left);
 * {@link #restoreAll} rebuilds every state exactly as the last committed batch left it. Writing a
 * few small rows per zone change instead of a state document per fix keeps the batch transaction
 * small. Thread-safe.
 */
@Repository
public class VehicleStateRepository {

    /** A vehicle's state before and after a batch. */
    public record Change(VehicleState before, VehicleState after) {
    }

    private final JdbcTemplate jdbc;
    private final ViolationRepository violations;

    public VehicleStateRepository(JdbcTemplate jdbc, ViolationRepository violations) {
        this.jdbc = jdbc;
        this.violations = violations;
    }

    /** Writes what changed besides the fix log and violations: new vehicles, zones entered and left. */
    public void record(List<Change> changes, Instant now) {
        List<Object[]> moved = new ArrayList<>();
        List<Object[]> left = new ArrayList<>();
        List<Object[]> entered = new ArrayList<>();
        for (Change c : changes) {
            String auvId = c.after().auvId();
            Telemetry last = c.after().lastFix();
            if (last != null && !last.equals(c.before().lastFix())) {
                moved.add(new Object[] {auvId, Sql.ts(last.timestamp())});
            }
            Map<String, Instant> before = c.before().zoneEntries();
            Map<String, Instant> after = c.after().zoneEntries();
            if (before.equals(after)) {
                continue;
            }
            before.forEach((zoneId, entry) -> {
                if (!entry.equals(after.get(zoneId))) {
                    left.add(new Object[] {auvId, zoneId});
                }
            });
            after.forEach((zoneId, entry) -> {
                if (!entry.equals(before.get(zoneId))) {
                    if (!before.containsKey(zoneId)) {
                        left.add(new Object[] {auvId, zoneId}); // a row left by a vehicle that started afresh
                    }
                    entered.add(new Object[] {auvId, zoneId, Sql.ts(entry)});
                }
            });
        }
        Sql.updateElseInsert(jdbc, moved, "UPDATE tracked_vehicles SET last_fix_time = ? WHERE auv_id = ?",
                (ps, row) -> {
                    ps.setObject(1, row[1]);
                    ps.setString(2, (String) row[0]);
                },
                "INSERT INTO tracked_vehicles (auv_id, last_fix_time, first_seen_at) VALUES (?, ?, ?)",
                (ps, row) -> {
                    ps.setString(1, (String) row[0]);
                    ps.setObject(2, row[1]);
                    ps.setObject(3, Sql.ts(now));
                });
        if (!left.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM vehicle_zones WHERE auv_id = ? AND zone_id = ?", left);
        }
        if (!entered.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO vehicle_zones (auv_id, zone_id, entry_time) VALUES (?, ?, ?)", entered);
        }
    }

    /**
     * Hands every vehicle's state to {@code sink}: last fix and arrival from the fix log, zones
     * from {@code vehicle_zones}, open episodes from {@code violations}. A vehicle whose last fix
     * has passed the fix log's retention is skipped (it starts afresh at its next fix).
     */
    public void restoreAll(Consumer<VehicleState> sink) {
        Map<String, Map<String, Instant>> zones = new HashMap<>();
        jdbc.query("SELECT auv_id, zone_id, entry_time FROM vehicle_zones", rs -> {
            zones.computeIfAbsent(rs.getString("auv_id"), id -> new HashMap<>())
                    .put(rs.getString("zone_id"), Sql.instant(rs, "entry_time"));
        });
        Map<String, Map<String, Violation>> open = new HashMap<>();
        for (Violation v : violations.open()) {
            open.computeIfAbsent(v.auvId(), id -> new HashMap<>())
                    .put(ComplianceEngine.episodeKey(v.ruleId(), v.zoneId()), v);
        }
        jdbc.query("SELECT f.* FROM tracked_vehicles t JOIN fix_log f ON f.fix_time = t.last_fix_time "
                + "AND f.auv_id = t.auv_id ORDER BY t.auv_id", rs -> {
            Telemetry last = FixLogRepository.fix(rs);
            String auvId = last.auvId();
            sink.accept(new VehicleState(auvId, last, zones.getOrDefault(auvId, Map.of()),
                    open.getOrDefault(auvId, Map.of()), Sql.instant(rs, "received_at")));
        });
    }
}
