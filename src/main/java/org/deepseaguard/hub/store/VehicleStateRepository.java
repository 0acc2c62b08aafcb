package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.PendingExit;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable vehicle states, kept as the facts they are made of rather than as documents: a
 * vehicle's last fix (and when it arrived) is the fix-log row that {@code tracked_vehicles} points
 * at, the zones it is in with their entry times are table {@code vehicle_zones} (with the zone's
 * pending exit, if any, under exit hysteresis: columns {@code exit_*}), its open episodes
 * are the open rows of {@code violations}. {@link #record} writes the
 * changes of a batch in the caller's transaction (a vehicle's first fix, zones entered and left,
 * pending exits started, counted on or ended);
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

    /**
     * Writes what changed besides the fix log and violations: new vehicles, zones entered and left,
     * pending exits.
     */
    public void record(List<Change> changes, Instant now) {
        List<Object[]> moved = new ArrayList<>();
        List<Object[]> left = new ArrayList<>();
        List<Object[]> entered = new ArrayList<>();
        List<Object[]> pendingChanged = new ArrayList<>();
        for (Change c : changes) {
            String auvId = c.after().auvId();
            Telemetry last = c.after().lastFix();
            if (last != null && !last.equals(c.before().lastFix())) {
                moved.add(new Object[] {auvId, Sql.ts(last.timestamp())});
            }
            Map<String, Instant> before = c.before().zoneEntries();
            Map<String, Instant> after = c.after().zoneEntries();
            Map<String, PendingExit> pendingBefore = c.before().pendingExits();
            Map<String, PendingExit> pendingAfter = c.after().pendingExits();
            if (before.equals(after) && pendingBefore.equals(pendingAfter)) {
                continue;
            }
            before.forEach((zoneId, entry) -> {
                if (!entry.equals(after.get(zoneId))) {
                    left.add(new Object[] {auvId, zoneId});
                }
            });
            after.forEach((zoneId, entry) -> {
                PendingExit pending = pendingAfter.get(zoneId);
                if (!entry.equals(before.get(zoneId))) {
                    if (!before.containsKey(zoneId)) {
                        left.add(new Object[] {auvId, zoneId}); // a row left by a vehicle that started afresh
                    }
                    entered.add(zoneRow(auvId, zoneId, entry, pending));
                } else if (!Objects.equals(pending, pendingBefore.get(zoneId))) {
                    pendingChanged.add(zoneRow(auvId, zoneId, entry, pending));
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
            jdbc.batchUpdate("INSERT INTO vehicle_zones (auv_id, zone_id, entry_time, exit_outside_since, exit_latitude, "
                    + "exit_longitude, exit_depth, exit_fixes_outside) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entered);
        }
        if (!pendingChanged.isEmpty()) {
            jdbc.batchUpdate("UPDATE vehicle_zones SET exit_outside_since = ?, exit_latitude = ?, exit_longitude = ?, "
                    + "exit_depth = ?, exit_fixes_outside = ? WHERE auv_id = ? AND zone_id = ?",
                    pendingChanged.stream().map(row -> new Object[] {row[3], row[4], row[5], row[6], row[7], row[0], row[1]})
                            .toList());
        }
    }

    /** A {@code vehicle_zones} row: auv_id, zone_id, entry_time, then the pending exit's columns (null without). */
    private static Object[] zoneRow(String auvId, String zoneId, Instant entry, PendingExit p) {
        return p == null
                ? new Object[] {auvId, zoneId, Sql.ts(entry), null, null, null, null, null}
                : new Object[] {auvId, zoneId, Sql.ts(entry), Sql.ts(p.outsideSince()), p.latitude(), p.longitude(),
                        p.depth(), p.fixesOutside()};
    }

    /**
     * Hands every vehicle's state to {@code sink}: last fix and arrival from the fix log, zones and
     * pending exits from {@code vehicle_zones}, open episodes from {@code violations}. A vehicle
     * whose last fix has passed the fix log's retention is skipped (it starts afresh at its next fix).
     */
    public void restoreAll(Consumer<VehicleState> sink) {
        restore(null, sink);
    }

    /**
     * One vehicle's state as the last committed batch left it (as {@link #restoreAll} rebuilds it),
     * or empty for a vehicle the database does not track (or whose last fix has passed the fix
     * log's retention): it starts afresh. Cluster mode reads a vehicle from here the first time its
     * owner judges it after a partition assignment ({@code ComplianceService#forgetWorkingSet}).
     */
    public Optional<VehicleState> restore(String auvId) {
        List<VehicleState> found = new ArrayList<>(1);
        restore(Objects.requireNonNull(auvId), found::add);
        return found.stream().findFirst();
    }

    /** Every vehicle's state ({@code auvId} null) or one vehicle's. */
    private void restore(String auvId, Consumer<VehicleState> sink) {
        String where = auvId == null ? "" : " WHERE auv_id = ?";
        Object[] args = auvId == null ? new Object[0] : new Object[] {auvId};
        Map<String, Map<String, Instant>> zones = new HashMap<>();
        Map<String, Map<String, PendingExit>> pending = new HashMap<>();
        jdbc.query("SELECT * FROM vehicle_zones" + where, rs -> {
            String vehicle = rs.getString("auv_id");
            String zoneId = rs.getString("zone_id");
            zones.computeIfAbsent(vehicle, id -> new HashMap<>()).put(zoneId, Sql.instant(rs, "entry_time"));
            Instant outsideSince = Sql.instant(rs, "exit_outside_since");
            if (outsideSince != null) {
                pending.computeIfAbsent(vehicle, id -> new HashMap<>()).put(zoneId, new PendingExit(outsideSince,
                        rs.getDouble("exit_latitude"), rs.getDouble("exit_longitude"), rs.getDouble("exit_depth"),
                        rs.getInt("exit_fixes_outside")));
            }
        }, args);
        Map<String, Map<String, Violation>> open = new HashMap<>();
        for (Violation v : auvId == null ? violations.open() : violations.open(auvId)) {
            open.computeIfAbsent(v.auvId(), id -> new HashMap<>())
                    .put(ComplianceEngine.episodeKey(v.ruleId(), v.zoneId()), v);
        }
        jdbc.query("SELECT f.* FROM tracked_vehicles t JOIN fix_log f ON f.fix_time = t.last_fix_time "
                + "AND f.auv_id = t.auv_id" + (auvId == null ? "" : " WHERE t.auv_id = ?") + " ORDER BY t.auv_id", rs -> {
            Telemetry last = FixLogRepository.fix(rs);
            String vehicle = last.auvId();
            sink.accept(new VehicleState(vehicle, last, zones.getOrDefault(vehicle, Map.of()),
                    open.getOrDefault(vehicle, Map.of()), Sql.instant(rs, "received_at"),
                    pending.getOrDefault(vehicle, Map.of())));
        }, args);
    }
}
