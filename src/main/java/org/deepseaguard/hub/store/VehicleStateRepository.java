package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable vehicle states, kept as the facts they are made of rather than as documents: a
 * vehicle's last fix (and when it arrived) is its newest row of the fix log, the zones it is in
 * with their entry times are table {@code vehicle_zones}, its open episodes are the open rows of
 * {@code violations}, and {@code tracked_vehicles} lists the vehicles. {@link #record} writes the
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
    private final FixLogRepository fixLog;
    private final ViolationRepository violations;

    public VehicleStateRepository(JdbcTemplate jdbc, FixLogRepository fixLog, ViolationRepository violations) {
        this.jdbc = jdbc;
        this.fixLog = fixLog;
        this.violations = violations;
    }

    /** Writes what changed besides the fix log and violations: new vehicles, zones entered and left. */
    public void record(List<Change> changes, Instant now) {
        List<String> firstSeen = new ArrayList<>();
        List<Object[]> left = new ArrayList<>();
        List<Object[]> entered = new ArrayList<>();
        for (Change c : changes) {
            String auvId = c.after().auvId();
            if (c.before().lastFix() == null && c.after().lastFix() != null) {
                firstSeen.add(auvId);
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
                    entered.add(new Object[] {auvId, zoneId, Sql.ts(entry)});
                }
            });
        }
        if (!firstSeen.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO tracked_vehicles (auv_id, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    firstSeen, firstSeen.size(), (ps, auvId) -> {
                        ps.setString(1, auvId);
                        ps.setObject(2, Sql.ts(now));
                    });
        }
        if (!left.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM vehicle_zones WHERE auv_id = ? AND zone_id = ?", left);
        }
        if (!entered.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO vehicle_zones (auv_id, zone_id, entry_time) VALUES (?, ?, ?)", entered);
        }
    }

    /**
     * Hands every vehicle's state to {@code sink}: last fix and arrival from the fix log, zones
     * from {@code vehicle_zones}, open episodes from {@code violations}. A vehicle whose fixes have
     * all passed the fix log's retention is skipped (it starts afresh at its next fix).
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
        List<String> tracked = jdbc.queryForList("SELECT auv_id FROM tracked_vehicles ORDER BY auv_id", String.class);
        for (String auvId : tracked) {
            FixLogRepository.Newest newest = fixLog.newest(auvId);
            if (newest == null) {
                continue;
            }
            Telemetry last = Objects.requireNonNull(newest.fix());
            sink.accept(new VehicleState(auvId, last, zones.getOrDefault(auvId, Map.of()),
                    open.getOrDefault(auvId, Map.of()), newest.receivedAt()));
        }
    }
}
