package org.deepseaguard.hub.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.store.AlertHoldRepository;
import org.deepseaguard.hub.store.AlertHoldRepository.Hold;
import org.springframework.stereotype.Service;

/**
 * The minimum interval between alerts per vehicle, rule and zone (docs/alerts.md, "Flapping";
 * {@code deepseaguard.alerts.flapping.min-interval}, off by default): a vehicle crossing a boundary
 * again and again opens an episode each time (the audit trail keeps every one), but an episode that
 * opens less than the interval after the last alert for the same vehicle, rule and zone is not
 * alerted at once: its opening and its closing are held back (no critical alert on the outputs, no
 * immediate delivery to subscriptions) and counted in the next warning digest instead. An episode
 * whose opening was alerted always has its closing alerted. Intervals are measured in event time
 * (the fixes' timestamps), so a replay judges alike.
 *
 * <p>Decisions are made per batch under the vehicles' locks ({@link #decide}), written in the
 * batch's transaction ({@code alert_holds}) and remembered after the commit ({@link #keep}); after a
 * restart what is not in memory is read back from the database once per vehicle, rule and zone.
 * Thread-safe.
 */
@Service
public class AlertThrottle {

    /** A vehicle, rule and zone never alerted (so far as the database knows). */
    private static final Instant NEVER = Instant.MIN;

    private final Duration minInterval;
    private final AlertHoldRepository holds;
    /** vehicle|rule|zone -> event time of the last alert that went out */
    private final Map<String, Instant> lastAlerted = new ConcurrentHashMap<>();
    /** open episode -> whether its opening was held back */
    private final Map<String, Boolean> openingHeld = new ConcurrentHashMap<>();

    public AlertThrottle(DeepSeaGuardProperties properties, AlertHoldRepository holds) {
        this.minInterval = properties.alerts().flapping().minInterval();
        this.holds = holds;
        if (minInterval.isNegative()) {
            throw new IllegalStateException("deepseaguard.alerts.flapping.min-interval must not be negative: " + minInterval);
        }
    }

    /** What one batch decided: the transitions held back (keys {@link #key(String, String)}) and what to remember. */
    public static final class Decision {

        static final Decision NONE = new Decision();

        private final Set<String> held = new HashSet<>();
        private final List<Hold> rows = new ArrayList<>();
        private final Map<String, Instant> alerted = new HashMap<>();
        private final Map<String, Boolean> opened = new HashMap<>();
        private final Set<String> closed = new HashSet<>();

        /** Whether the alert of that transition ({@code violation_opened}/{@code violation_closed}) is held back. */
        public boolean held(String violationId, String transition) {
            return !held.isEmpty() && held.contains(key(violationId, transition));
        }

        /** The keys of the held transitions. */
        public Set<String> heldKeys() {
            return Set.copyOf(held);
        }

    }

    /** The key of a violation transition in {@link Decision#heldKeys()}: {@code violation_id|transition}. */
    public static String key(String violationId, String transition) {
        return violationId + "|" + transition;
    }

    /**
     * Decides, for every violation the batch opened or closed (fix by fix, in the order judged),
     * whether its alert goes out or is held back. Reads the database only for what it has not seen
     * since the start. Call under the vehicles' locks, before the batch's transaction.
     */
    public Decision decide(List<FixResult> results) {
        if (minInterval.isZero()) {
            return Decision.NONE;
        }
        Decision d = new Decision();
        for (FixResult r : results) {
            Evaluation ev = r.evaluation();
            for (Violation v : ev.opened()) {
                String scope = scope(v);
                Instant last = d.alerted.containsKey(scope) ? d.alerted.get(scope) : lastAlerted(v, scope);
                boolean hold = last != NEVER && Duration.between(last, v.startedAt()).abs().compareTo(minInterval) < 0;
                if (hold) {
                    d.held.add(key(v.violationId(), AuditLog.VIOLATION_OPENED));
                    d.rows.add(new Hold(v.violationId(), AuditLog.VIOLATION_OPENED, v.auvId(), v.ruleId(), v.zoneId(),
                            v.startedAt()));
                } else {
                    d.alerted.put(scope, later(last, v.startedAt()));
                }
                d.opened.put(v.violationId(), hold);
            }
            for (Violation v : ev.closed()) {
                Boolean held = d.opened.get(v.violationId());
                if (held == null) {
                    held = openingHeld.get(v.violationId());
                }
                if (held == null) {
                    held = holds.openingHeld(v.violationId());
                }
                Instant at = v.endedAt() == null ? v.lastSeenAt() : v.endedAt();
                if (held) {
                    d.held.add(key(v.violationId(), AuditLog.VIOLATION_CLOSED));
                    d.rows.add(new Hold(v.violationId(), AuditLog.VIOLATION_CLOSED, v.auvId(), v.ruleId(), v.zoneId(), at));
                } else {
                    String scope = scope(v);
                    Instant last = d.alerted.containsKey(scope) ? d.alerted.get(scope) : lastAlerted(v, scope);
                    d.alerted.put(scope, later(last, at));
                }
                d.opened.remove(v.violationId());
                d.closed.add(v.violationId());
            }
        }
        return d;
    }

    /** Writes the decision's holds; must run in the batch's transaction. */
    public void insert(Decision d, Instant now) {
        holds.insert(d.rows, now);
    }

    /** After the batch committed: remembers what it decided. */
    public void keep(Decision d) {
        if (d == Decision.NONE) {
            return;
        }
        lastAlerted.putAll(d.alerted);
        d.closed.forEach(openingHeld::remove);
        openingHeld.putAll(d.opened);
    }

    /**
     * Forgets what it remembers, as after a restart: each vehicle, rule and zone is read back from
     * the database at its next decision (cluster mode, when this instance's Kafka partitions change:
     * another instance may have alerted for a vehicle meanwhile).
     */
    public void forget() {
        lastAlerted.clear();
        openingHeld.clear();
    }

    private Instant lastAlerted(Violation v, String scope) {
        Instant known = lastAlerted.get(scope);
        if (known != null) {
            return known;
        }
        Instant stored = holds.lastAlerted(v.auvId(), v.ruleId(), v.zoneId());
        return stored == null ? NEVER : stored;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String scope(Violation v) {
        return v.auvId() + "|" + v.ruleId() + "|" + v.zoneId();
    }
}
