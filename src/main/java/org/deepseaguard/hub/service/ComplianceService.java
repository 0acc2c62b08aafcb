package org.deepseaguard.hub.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.store.EventRepository;
import org.deepseaguard.hub.store.FixLogRepository;
import org.deepseaguard.hub.store.InMemoryVehicleStateStore;
import org.deepseaguard.hub.store.RedisVehicleStateStore;
import org.deepseaguard.hub.store.VehicleStateRepository;
import org.deepseaguard.hub.store.ViolationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Judges a batch of fixes (docs/INTERNAL-CONTRACT.md): groups them by vehicle, drops the
 * duplicates the fix log knows, judges each vehicle's fixes in event-time order, then writes the
 * fix log, zone events, violations, what else the vehicle states are rebuilt from
 * ({@link VehicleStateRepository}), the alert deliveries the violation changes need ({@link AlertOutbox})
 * and the audit entries in ONE transaction with JDBC batches. Only after the commit does the working set (and the Redis mirror in profile
 * {@code stack}) take the new states, so a failure anywhere leaves nothing half-applied and a
 * retry judges the batch again from the same states.
 *
 * <p>In cluster mode ({@code deepseaguard.cluster.enabled}) a vehicle missing from the working set
 * is restored from the database ({@link VehicleStateRepository#restore(String)}) before it is judged,
 * and the working set becomes the vehicles of this instance's Kafka partitions whenever they change
 * ({@link #takeOver}, {@link #release}), so the owner of a vehicle judges it from what the previous owner committed.
 *
 * <p>Per-vehicle order: the vehicles of a batch are locked (striped locks, taken in one global
 * order so two batches never deadlock) from loading their states to the commit; publishing the
 * results is the next route step, outside the locks. Thread-safe.
 *
 * <p>A batch is counted once committed ({@link PipelineMeters}: fixes by outcome, violations
 * opened, the time it took); a batch that fails counts nothing.
 */
@Service
public class ComplianceService {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceService.class);
    private static final int STRIPES = 1024;
    private static final Comparator<Telemetry> BY_TIME = Comparator.comparing(Telemetry::timestamp);

    private final ComplianceEngine engine;
    private final InMemoryVehicleStateStore states;
    private final RedisVehicleStateStore mirror;
    private final VehicleService vehicles;
    private final ViolationRepository violations;
    private final EventRepository events;
    private final FixLogRepository fixLog;
    private final VehicleStateRepository durableStates;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;
    private final AlertOutbox outbox;
    private final AlertThrottle throttle;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final PipelineMeters pipelineMeters;
    private final Counter mirrorFailures;
    private final Counter watchdogFailures;
    /** Cluster mode: a vehicle missing from the working set is read from the database, not started afresh. */
    private final boolean cluster;
    /** Vehicles whose last mirror failed, with the state Redis still has. */
    private final Map<String, VehicleState> mirrorBehind = new ConcurrentHashMap<>();

    public ComplianceService(ComplianceEngine engine, InMemoryVehicleStateStore states,
                             ObjectProvider<RedisVehicleStateStore> mirror, VehicleService vehicles,
                             ViolationRepository violations, EventRepository events, FixLogRepository fixLog,
                             VehicleStateRepository durableStates, TransactionTemplate tx, Clock clock,
                             MeterRegistry meters, PipelineMeters pipelineMeters, AuditLog audit, AlertOutbox outbox,
                             AlertThrottle throttle, ClusterProperties cluster) {
        this.engine = engine;
        this.cluster = cluster.enabled();
        this.states = states;
        this.mirror = mirror.getIfAvailable();
        this.vehicles = vehicles;
        this.violations = violations;
        this.events = events;
        this.fixLog = fixLog;
        this.durableStates = durableStates;
        this.tx = tx;
        this.clock = clock;
        this.audit = audit;
        this.outbox = outbox;
        this.throttle = throttle;
        this.pipelineMeters = pipelineMeters;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        mirrorFailures = Counter.builder("deepseaguard.state.mirror.failures")
                .description("batches whose vehicle states Redis did not take (mirrored again later)").register(meters);
        watchdogFailures = Counter.builder("deepseaguard.watchdog.failures")
                .description("telemetry-gap checks of one vehicle that failed (the others went on)").register(meters);
    }

    /**
     * Restores every vehicle's state from the database before the first fix; brings Redis up to it.
     * In cluster mode the working set stays empty until the Kafka consumer is assigned its partitions
     * ({@link #takeOver}): this instance owns no vehicle before that.
     */
    @PostConstruct
    void restoreStates() {
        if (cluster) {
            return;
        }
        List<VehicleState> restored = new ArrayList<>();
        durableStates.restoreAll(restored::add);
        restored.forEach(states::save);
        int synced = syncMirror(restored);
        LOG.info("Restored the state of {} vehicles{}", restored.size(), mirror == null ? "" : "; " + synced + " written to Redis");
    }

    /** Writes to Redis the states it does not hold as they are; returns how many. */
    private int syncMirror(List<VehicleState> restored) {
        if (mirror == null) {
            return 0;
        }
        int synced = 0;
        for (VehicleState state : restored) {
            VehicleState mirrored = mirror.load(state.auvId()).orElse(null);
            if (mirrored == null || !state.equals(mirrored)) {
                mirror.mirror(state);
                synced++;
            }
        }
        return synced;
    }

    /**
     * Cluster mode: this instance was assigned Kafka partitions (called by the consumer's rebalance
     * listener, on its polling thread, between records). The working set becomes the vehicles this
     * instance owns now ({@code owned}: their partition is assigned here), each read from the
     * database as its last owner committed it (which committed the Kafka offsets only after that),
     * in one read; the flapping throttle's memory is forgotten ({@link AlertThrottle#forget()}), so
     * a vehicle handed over and back never resumes from a stale state. The telemetry-gap watchdog
     * then checks exactly the vehicles owned here, including silent ones this instance never judged.
     * Each vehicle is replaced under its lock, so a batch being judged on another consumer thread
     * keeps its vehicle until its commit. Redis is brought up to the restored states of the owned
     * vehicles (the owner is the only writer of a vehicle's mirror). Not used outside cluster mode.
     *
     * @param owned whether this instance owns a vehicle (by {@code auv_id}) now
     * @return the number of vehicles now in the working set
     */
    public int takeOver(Predicate<String> owned) {
        release(owned);
        List<VehicleState> restored = new ArrayList<>();
        durableStates.restoreAll(state -> {
            if (owned.test(state.auvId())) {
                restored.add(state);
            }
        });
        for (VehicleState state : restored) {
            List<ReentrantLock> held = lockAll(Set.of(state.auvId()));
            try {
                states.save(state);
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }
        try {
            syncMirror(restored);
        } catch (DataAccessException | IllegalStateException e) {
            LOG.warn("Redis did not take the restored states (mirrored again at each vehicle's next change): {}", e.toString());
        }
        return restored.size();
    }

    /**
     * Cluster mode: partitions were revoked or lost. The vehicles this instance no longer owns leave
     * the working set (their new owner's commits are the truth from now on), and the flapping
     * throttle forgets; the vehicles it still owns stay as they are (it was their only judge), so
     * nothing is read from the database.
     *
     * @param owned whether this instance still owns a vehicle (by {@code auv_id})
     */
    public void release(Predicate<String> owned) {
        throttle.forget();
        for (String auvId : states.vehicleIds()) {
            if (!owned.test(auvId)) {
                states.remove(auvId);
            }
        }
        // vehicles handed over: their new owner brings Redis up to them
        mirrorBehind.keySet().removeIf(auvId -> !owned.test(auvId));
    }

    /** Judges a batch and persists its results; returns them for publication. */
    public BatchResult judge(TelemetryBatch batch) {
        long started = System.nanoTime();
        Instant arrivedAt = now();
        Map<String, List<Telemetry>> byVehicle = new LinkedHashMap<>();
        for (Telemetry fix : batch.fixes()) {
            byVehicle.computeIfAbsent(fix.auvId(), id -> new ArrayList<>(4)).add(fix);
        }
        List<ReentrantLock> held = lockAll(byVehicle.keySet());
        try {
            Judged judged = new Judged(batch.fixes().size());
            for (Map.Entry<String, List<Telemetry>> e : byVehicle.entrySet()) {
                judgeVehicle(e.getKey(), e.getValue(), batch.source(), arrivedAt, judged);
            }
            AlertThrottle.Decision alertHolds = persist(judged, arrivedAt);
            keep(judged.changes);
            throttle.keep(alertHolds);
            judged.countCommitted(PipelineMeters.Channel.of(batch.source()), started);
            return new BatchResult(judged.results, batch.received(), judged.count(Outcome.APPLIED),
                    judged.count(Outcome.LATE), judged.count(Outcome.DUPLICATE), batch.rejected(), alertHolds.heldKeys());
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private void judgeVehicle(String auvId, List<Telemetry> fixes, String source, Instant arrivedAt, Judged out) {
        fixes.sort(BY_TIME);
        VehicleState state = states.load(auvId)
                // cluster mode: a vehicle whose state the take-over did not find (new, or committed by
                // its previous owner after that read) is read from the database before it starts afresh
                .or(() -> cluster ? durableStates.restore(auvId) : Optional.<VehicleState>empty())
                .orElseGet(() -> VehicleState.initial(auvId));
        Set<Instant> logged = loggedAmongOlder(state, fixes);
        VehicleState before = state;
        var vehicle = vehicles.find(auvId).orElse(null);
        Instant previous = null;
        boolean changed = false;
        for (Telemetry fix : fixes) {
            Instant t = fix.timestamp();
            if (t.equals(previous) || logged.contains(t)) {
                out.tally(Outcome.DUPLICATE);
                continue;
            }
            previous = t;
            Evaluation result = engine.evaluate(state, fix, vehicle, arrivedAt);
            out.tally(result.outcome());
            if (result.outcome() == Outcome.DUPLICATE) {
                continue;
            }
            out.add(new FixResult(fix, result, source), new FixLogRepository.Entry(fix, result.outcome() == Outcome.LATE, source));
            if (result.outcome() == Outcome.APPLIED) {
                state = result.state();
                changed = true;
            }
        }
        if (changed) {
            out.changes.add(new VehicleStateRepository.Change(before, state));
        }
    }

    /** The timestamps among {@code fixes} older than the vehicle's newest fix that the log holds. */
    private Set<Instant> loggedAmongOlder(VehicleState state, List<Telemetry> fixes) {
        Telemetry last = state.lastFix();
        if (last == null || !fixes.get(0).timestamp().isBefore(last.timestamp())) {
            return Set.of();
        }
        List<Instant> older = new ArrayList<>();
        for (Telemetry fix : fixes) {
            if (fix.timestamp().isBefore(last.timestamp())) {
                older.add(fix.timestamp());
            }
        }
        return fixLog.logged(state.auvId(), older);
    }

    /**
     * The telemetry-gap watchdog: asks the engine about every vehicle with a state and persists the
     * episodes it opens like those of a fix. Returns them for publication (source {@code watchdog}).
     * A vehicle whose check fails is logged and counted ({@code deepseaguard.watchdog.failures}) and
     * checked again next round; the others are checked all the same.
     */
    public BatchResult checkSilence() {
        List<FixResult> results = new ArrayList<>();
        Set<String> heldAlerts = new HashSet<>();
        for (String auvId : states.vehicleIds()) {
            List<ReentrantLock> held = List.of();
            try {
                held = lockAll(Set.of(auvId));
                VehicleState state = states.load(auvId).orElse(null);
                if (state == null) {
                    continue;
                }
                Instant now = now();
                Evaluation result = engine.checkSilence(state, vehicles.find(auvId).orElse(null), now);
                if (!result.opened().isEmpty()) {
                    Judged judged = new Judged(1);
                    judged.add(new FixResult(null, result, "watchdog"), null);
                    judged.changes.add(new VehicleStateRepository.Change(state, result.state()));
                    AlertThrottle.Decision alertHolds = persist(judged, now);
                    keep(judged.changes);
                    throttle.keep(alertHolds);
                    pipelineMeters.opened(judged.results);
                    results.add(judged.results.get(0));
                    heldAlerts.addAll(alertHolds.heldKeys());
                }
            } catch (RuntimeException e) {
                watchdogFailures.increment();
                LOG.warn("Telemetry-gap check of {} failed, retried at the next tick: {}", auvId, e.toString());
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }
        return new BatchResult(results, 0, 0, 0, 0, List.of(), heldAlerts);
    }

    /** Writes the batch's results in one transaction; returns the alerts it held back (flapping). */
    private AlertThrottle.Decision persist(Judged judged, Instant now) {
        if (judged.results.isEmpty()) {
            return AlertThrottle.Decision.NONE;
        }
        // an episode opened, continued and closed within one batch is written once, as it ended
        Map<String, Violation> latest = new LinkedHashMap<>();
        List<ZoneEvent> zoneEvents = new ArrayList<>();
        for (FixResult r : judged.results) {
            Evaluation ev = r.evaluation();
            zoneEvents.addAll(ev.events());
            ev.opened().forEach(v -> latest.put(v.violationId(), v));
            ev.continued().forEach(v -> latest.put(v.violationId(), v));
            ev.closed().forEach(v -> latest.put(v.violationId(), v));
        }
        List<AuditLog.Record> transitions = audit.violationTransitions(judged.results);
        AlertThrottle.Decision alertHolds = throttle.decide(judged.results);
        var alerts = outbox.forResults(judged.results, alertHolds, now);
        tx.executeWithoutResult(status -> {
            fixLog.insert(judged.logEntries, now);
            events.insert(zoneEvents, now);
            violations.upsert(latest.values(), now);
            durableStates.record(judged.changes, now);
            // the alert deliveries these transitions need (the outbox), with them or not at all
            outbox.insert(alerts, now);
            throttle.insert(alertHolds, now);
            // last, so the audit head is locked only until the commit
            audit.append(AuditActor.HUB, transitions);
        });
        return alertHolds;
    }

    /**
     * After the commit (under the vehicles' locks): the working set takes the states, then the Redis
     * mirror, one round trip, best effort. A vehicle Redis missed is mirrored at its next change
     * or by {@link #catchUpMirror()}, whichever comes first, from the state Redis last had, so its
     * zone keys come right too.
     */
    private void keep(List<VehicleStateRepository.Change> changes) {
        changes.forEach(c -> states.save(c.after()));
        if (mirror == null || changes.isEmpty()) {
            return;
        }
        List<VehicleStateRepository.Change> toMirror = new ArrayList<>(changes.size());
        for (VehicleStateRepository.Change c : changes) {
            VehicleState behind = mirrorBehind.get(c.after().auvId());
            toMirror.add(behind == null ? c : new VehicleStateRepository.Change(behind, c.after()));
        }
        try {
            mirror.mirror(toMirror);
            if (!mirrorBehind.isEmpty()) {
                changes.forEach(c -> mirrorBehind.remove(c.after().auvId()));
            }
        } catch (DataAccessException | IllegalStateException e) {
            mirrorFailures.increment();
            toMirror.forEach(c -> mirrorBehind.putIfAbsent(c.after().auvId(), c.before()));
            LOG.warn("Redis did not take the states of {} vehicles (the database has them; they are mirrored again "
                    + "at their next change or by the catch-up within seconds): {}", changes.size(), e.toString());
        }
    }

    /**
     * Brings Redis up to the working set for every vehicle whose last mirror failed (Redis was
     * away), without waiting for the vehicle's next change: a vehicle whose last fixes came during
     * a Redis outage would otherwise stay behind in Redis until it reports again. Each vehicle is
     * mirrored under its lock, from the state Redis last had to the one it has now (so its zone
     * keys come right too). Stops at the first failure (Redis still away: the next call retries).
     * Called every few seconds by route {@code state-mirror-catch-up}; cheap when nothing is behind.
     *
     * @return the number of vehicles brought up to date
     */
    public int catchUpMirror() {
        if (mirror == null || mirrorBehind.isEmpty()) {
            return 0;
        }
        int caughtUp = 0;
        for (String auvId : List.copyOf(mirrorBehind.keySet())) {
            List<ReentrantLock> held = lockAll(Set.of(auvId));
            try {
                VehicleState behind = mirrorBehind.get(auvId);
                VehicleState now = states.load(auvId).orElse(null);
                if (behind == null || now == null) {
                    continue;
                }
                mirror.mirror(List.of(new VehicleStateRepository.Change(behind, now)));
                mirrorBehind.remove(auvId);
                caughtUp++;
            } catch (DataAccessException | IllegalStateException e) {
                LOG.debug("Redis still does not take the state of {}: {}", auvId, e.toString());
                break;
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }
        if (caughtUp > 0) {
            LOG.info("Redis caught up with the states of {} vehicles it had missed", caughtUp);
        }
        return caughtUp;
    }

    /** The wall clock to the microsecond, as the databases keep it (a restored state is the same). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private List<ReentrantLock> lockAll(Set<String> auvIds) {
        TreeSet<Integer> stripes = new TreeSet<>();
        for (String auvId : auvIds) {
            stripes.add(Math.floorMod(auvId.hashCode(), STRIPES));
        }
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                locks[stripe].lock();
                held.add(locks[stripe]);
            }
        } catch (RuntimeException | Error e) {
            held.forEach(ReentrantLock::unlock);
            throw e;
        }
        return held;
    }

    /** What a batch gave, collected while judging. */
    private final class Judged {
        final List<FixResult> results;
        final List<FixLogRepository.Entry> logEntries;
        final List<VehicleStateRepository.Change> changes = new ArrayList<>();
        final int[] counts = new int[Outcome.values().length];

        Judged(int size) {
            results = new ArrayList<>(size);
            logEntries = new ArrayList<>(size);
        }

        void add(FixResult result, FixLogRepository.Entry entry) {
            results.add(result);
            if (entry != null) {
                logEntries.add(entry);
            }
        }

        void tally(Outcome outcome) {
            counts[outcome.ordinal()]++;
        }

        /** The metrics count a batch once it is committed (a failed batch is retried, not counted twice). */
        void countCommitted(PipelineMeters.Channel channel, long startedNanos) {
            pipelineMeters.committed(channel, counts, results, System.nanoTime() - startedNanos);
        }

        int count(Outcome outcome) {
            return counts[outcome.ordinal()];
        }
    }
}
