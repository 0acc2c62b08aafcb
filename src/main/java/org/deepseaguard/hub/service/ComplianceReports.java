package org.deepseaguard.hub.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepseaguard.hub.store.ReportRepository;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compliance reports (issue 8): a vehicle's report ({@link ComplianceReport}) and the fleet summary
 * ({@link FleetSummary}) of a period [from, to), every figure derived from the stored applied
 * fixes, zone events and violation episodes:
 * <ul>
 *   <li>fixes and distance: the applied fixes ({@code fix_log.late = false}) in the period; the
 *       distance is the sum of the geodesic legs between consecutive ones (the leg from the last
 *       fix before {@code from} is not counted); gaps are those legs lasting longer than the
 *       threshold;</li>
 *   <li>time in a zone: stays from the entry/exit events. The vehicle was inside at {@code from}
 *       when its last event of that zone before {@code from} is an entry. A stay counts from
 *       max(entry, from) to min(exit, to); one still open until min(to, generated_at).
 *       {@code entries}/{@code exits} count the events in the period;</li>
 *   <li>violations: the episodes overlapping the period, each counted for its part inside it (until
 *       min(to, generated_at) while open); an episode of no length (late, inferred) counts in the
 *       period that holds it.</li>
 * </ul>
 * All reads of one report run in one read-only, repeatable-read transaction, so they see one state
 * of the database even while fixes keep coming. The fleet summary reads each table once for the
 * period, row by row, into per-vehicle accumulators ({@link VehicleTally}, the same the vehicle
 * report uses, so a vehicle's line equals its own report). Memory grows with the number of vehicles
 * and of (vehicle, zone) pairs, not with the number of fixes. Thread-safe.
 */
@Service
public class ComplianceReports {

    private final ReportRepository reads;
    private final VehicleService vehicles;
    private final VehicleStateStore states;
    private final ZoneService zones;
    private final ZoneCodec zoneCodec;
    private final TransactionTemplate readOnly;

    public ComplianceReports(ReportRepository reads, VehicleService vehicles, VehicleStateStore states,
                             ZoneService zones, ZoneCodec zoneCodec, PlatformTransactionManager transactions) {
        this.reads = reads;
        this.vehicles = vehicles;
        this.states = states;
        this.zones = zones;
        this.zoneCodec = zoneCodec;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        // one snapshot for the several queries of a report (and PostgreSQL streams rows only in a transaction)
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * One vehicle's report.
     *
     * @throws NotFoundException when the hub knows nothing of the vehicle: not registered, no fix
     *                           logged, no state
     */
    public ComplianceReport vehicle(String auvId, ReportPeriod period) {
        if (vehicles.find(auvId).isEmpty() && !reads.hasFixes(auvId) && states.load(auvId).isEmpty()) {
            throw new NotFoundException("vehicle", auvId);
        }
        VehicleTally tally = new VehicleTally(auvId, period, true);
        Map<String, String> zoneTypes = readOnly.execute(status -> {
            reads.insideAt(auvId, period.from(), p -> tally.insideAtStart(p.zoneId()));
            reads.zoneEvents(auvId, period.from(), period.to(), e -> tally.zoneEvent(e.zoneId(), e.type(), e.time()));
            reads.appliedFixes(auvId, period.from(), period.to(), f -> tally.fix(f.time(), f.latitude(), f.longitude()));
            reads.violations(auvId, period.from(), period.to(), tally::violation);
            return zoneTypes(tally.zoneIds());
        });
        return tally.report(zoneTypes);
    }

    /** The fleet summary: every vehicle the period concerns, by id, and their totals. */
    public FleetSummary fleet(ReportPeriod period) {
        Map<String, VehicleTally> tallies = new TreeMap<>();
        readOnly.executeWithoutResult(status -> {
            reads.insideAt(null, period.from(), p -> tally(tallies, p.auvId(), period).insideAtStart(p.zoneId()));
            reads.zoneEvents(null, period.from(), period.to(),
                    e -> tally(tallies, e.auvId(), period).zoneEvent(e.zoneId(), e.type(), e.time()));
            reads.appliedFixes(null, period.from(), period.to(),
                    f -> tally(tallies, f.auvId(), period).fix(f.time(), f.latitude(), f.longitude()));
            reads.violations(null, period.from(), period.to(), v -> tally(tallies, v.auvId(), period).violation(v));
        });
        VehicleTally.Sums totals = VehicleTally.Sums.NONE;
        List<FleetSummary.VehicleLine> lines = new ArrayList<>(tallies.size());
        for (VehicleTally t : tallies.values()) {
            VehicleTally.Sums sums = t.sums();
            lines.add(sums.line(t.auvId()));
            totals = totals.plus(sums);
        }
        return new FleetSummary(period.from(), period.to(), period.generatedAt(), List.copyOf(lines), totals.totals());
    }

    private static VehicleTally tally(Map<String, VehicleTally> tallies, String auvId, ReportPeriod period) {
        return tallies.computeIfAbsent(auvId, id -> new VehicleTally(id, period, false));
    }

    /**
     * The type of each zone of the report: the current definition, else the last stored one (a
     * deleted zone), else null.
     */
    private Map<String, String> zoneTypes(Set<String> zoneIds) {
        Map<String, String> types = new HashMap<>();
        for (String zoneId : zoneIds) {
            String type = zones.find(zoneId)
                    .or(() -> reads.lastDefinition(zoneId).map(zoneCodec::fromStored))
                    .map(z -> z.zoneType().wireName()).orElse(null);
            types.put(zoneId, type);
        }
        return types;
    }
}
