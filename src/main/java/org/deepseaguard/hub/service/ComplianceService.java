package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.store.EventRepository;
import org.deepseaguard.hub.store.LateFixRepository;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.deepseaguard.hub.store.ViolationRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Judges fixes, one vehicle at a time (striped locks by auv_id), in the order of
 * docs/INTERNAL-CONTRACT.md: load state, evaluate (core), persist violations/events (and the late
 * fix) in one transaction, publish the results, save the state. It returns once all of that is
 * done, so a broker consumer may ack when it returns. Thread-safe.
 */
@Service
public class ComplianceService {

    private static final int STRIPES = 1024;

    private final ComplianceEngine engine;
    private final VehicleStateStore states;
    private final VehicleService vehicles;
    private final ViolationRepository violations;
    private final EventRepository events;
    private final LateFixRepository lateFixes;
    private final ResultPublisher publisher;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Map<Evaluation.Outcome, Counter> outcomes = new EnumMap<>(Evaluation.Outcome.class);

    public ComplianceService(ComplianceEngine engine, VehicleStateStore states, VehicleService vehicles,
                             ViolationRepository violations, EventRepository events, LateFixRepository lateFixes,
                             ResultPublisher publisher, TransactionTemplate tx, ObjectMapper json, Clock clock,
                             MeterRegistry meters) {
        this.engine = engine;
        this.states = states;
        this.vehicles = vehicles;
        this.violations = violations;
        this.events = events;
        this.lateFixes = lateFixes;
        this.publisher = publisher;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        for (Evaluation.Outcome o : Evaluation.Outcome.values()) {
            outcomes.put(o, Counter.builder("deepseaguard.fixes").tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(meters));
        }
    }

    /** Judges one validated fix and returns how it was taken. */
    public Evaluation.Outcome process(Telemetry fix, String source) {
        Instant arrivedAt = clock.instant();
        ReentrantLock lock = lockFor(fix.auvId());
        lock.lock();
        try {
            VehicleState state = states.load(fix.auvId()).orElseGet(() -> VehicleState.initial(fix.auvId()));
            Evaluation result = engine.evaluate(state, fix, vehicles.find(fix.auvId()).orElse(null), arrivedAt);
            if (result.outcome() != Evaluation.Outcome.DUPLICATE) {
                persist(result, result.outcome() == Evaluation.Outcome.LATE ? fix : null, arrivedAt);
                publisher.publish(fix, result, source);
                states.save(result.state());
            }
            outcomes.get(result.outcome()).increment();
            return result.outcome();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The telemetry-gap watchdog: asks the engine about every vehicle with a stored state and
     * handles the episodes it opens like those of a fix. Returns the number opened.
     */
    public int checkSilence() {
        int opened = 0;
        for (String auvId : states.vehicleIds()) {
            ReentrantLock lock = lockFor(auvId);
            lock.lock();
            try {
                VehicleState state = states.load(auvId).orElse(null);
                if (state == null) {
                    continue;
                }
                Instant now = clock.instant();
                Evaluation result = engine.checkSilence(state, vehicles.find(auvId).orElse(null), now);
                if (!result.opened().isEmpty()) {
                    persist(result, null, now);
                    publisher.publish(null, result, "watchdog");
                    states.save(result.state());
                    opened += result.opened().size();
                }
            } finally {
                lock.unlock();
            }
        }
        return opened;
    }

    private void persist(Evaluation result, Telemetry lateFix, Instant now) {
        List<Violation> changed = new ArrayList<>(result.opened());
        changed.addAll(result.continued());
        changed.addAll(result.closed());
        if (changed.isEmpty() && result.events().isEmpty() && lateFix == null) {
            return;
        }
        tx.executeWithoutResult(status -> {
            violations.upsert(changed, now);
            events.insert(result.events(), now);
            if (lateFix != null) {
                lateFixes.archive(lateFix.auvId(), lateFix.timestamp(), toJson(lateFix), now);
            }
        });
    }

    private String toJson(Telemetry fix) {
        try {
            return json.writeValueAsString(fix);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReentrantLock lockFor(String auvId) {
        return locks[Math.floorMod(auvId.hashCode(), STRIPES)];
    }
}
