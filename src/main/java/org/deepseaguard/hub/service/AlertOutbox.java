package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.alerts.Alert;
import org.deepseaguard.hub.alerts.Alert.ViolationAlert;
import org.deepseaguard.hub.alerts.AlertChannels;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterStore;
import org.deepseaguard.hub.store.DeliveryRepository;
import org.deepseaguard.hub.store.DeliveryRepository.Attempt;
import org.deepseaguard.hub.store.DeliveryRepository.Claimed;
import org.deepseaguard.hub.store.DeliveryRepository.NewDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert outbox (docs/messaging.md, "Alert outbox"): every delivery an alert needs is a row,
 * written in the transaction of the change that causes it, then sent by the delivery worker
 * (route {@code alerts-deliver}) until it is delivered or given up.
 *
 * <ul>
 *   <li>{@link #forResults}: for each violation opened or closed in a judged batch, one delivery per
 *       matching {@code immediate} subscription ({@code kind} {@code immediate}); the caller inserts
 *       them ({@link #insert}) in the batch's transaction. Id: name-based UUID of
 *       {@code violation_id|transition|subscription_id}.</li>
 *   <li>{@link #enqueueDigest}: when a warning window completes, one delivery per {@code digest}
 *       subscription with at least one matching warning ({@code kind} {@code digest}), in one
 *       transaction. Id: name-based UUID of {@code window_id|subscription_id}.</li>
 *   <li>{@link #due}, {@link #claim}, {@link #delivered}, {@link #failed}: the worker claims each due
 *       row just before its attempt (atomic, safe across instances) and records the attempt; a failed attempt is retried with
 *       exponential back-off; after {@code max-attempts} the delivery is failed, parked in the dead
 *       letters (replayable: {@link #requeue}) and audited ({@code alert_failed}); a delivered one is
 *       audited ({@code alert_delivered}), each in the transaction that records it.</li>
 * </ul>
 * Writing the same delivery twice (a digest built again after a restart) keeps the first row.
 * Thread-safe.
 */
@Service
public class AlertOutbox {

    public static final String KIND_IMMEDIATE = "immediate";
    public static final String KIND_DIGEST = "digest";
    public static final String KIND_ESCALATION = "escalation";
    /** The transition (and {@code event_type}) of an escalated alert. */
    public static final String VIOLATION_ESCALATED = "violation_escalated";
    public static final String WARNING_DIGEST = "warning_digest";
    public static final String ALERT_DELIVERED = "alert_delivered";
    public static final String ALERT_FAILED = "alert_failed";
    /** Where a parked delivery is replayed: it goes back to pending for a new round of attempts. */
    public static final String REDELIVER_URI = "direct:alerts-redeliver";

    private static final Logger LOG = LoggerFactory.getLogger(AlertOutbox.class);

    private final SubscriptionService subscriptions;
    private final ZoneService zones;
    private final AlertFactory alerts;
    private final DeliveryRepository deliveries;
    private final AuditLog audit;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectMapper json;
    private final DeepSeaGuardProperties.Delivery settings;
    private final DeepSeaGuardProperties.Escalation escalationSettings;
    private final String instance;
    private static final List<String> OUTCOMES = List.of("delivered", "failed", "given_up");
    private final Map<String, Counter> deliveryCounters = new HashMap<>();

    public AlertOutbox(SubscriptionService subscriptions, ZoneService zones, AlertFactory alerts,
                       DeliveryRepository deliveries, AuditLog audit, DeadLetterStore deadLetters, TransactionTemplate tx,
                       Clock clock, ObjectMapper json, DeepSeaGuardProperties properties, MeterRegistry meters,
                       AlertChannels channels) {
        // every channel's series from the start, at zero (a dashboard sees them before the first alert)
        for (String channel : channels.names()) {
            for (String outcome : OUTCOMES) {
                deliveryCounters.put(channel + "|" + outcome, Counter.builder("deepseaguard.alerts.deliveries")
                        .description("alert delivery attempts by channel and outcome")
                        .tag("channel", channel).tag("outcome", outcome).register(meters));
            }
        }
        this.subscriptions = subscriptions;
        this.zones = zones;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.settings = properties.alerts().delivery();
        this.escalationSettings = properties.alerts().escalation();
        String name = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.instance = name.length() > 64 ? name.substring(name.length() - 64) : name;
    }

    /**
     * The immediate deliveries of a judged batch: for every violation it opened or closed (as the
     * outputs announce them) and whose alert is not held back ({@link AlertThrottle}), one per
     * matching {@code immediate} subscription. Built before the batch's transaction; {@link #insert}
     * writes them inside it.
     */
    public List<NewDelivery> forResults(List<FixResult> results, AlertThrottle.Decision held, Instant now) {
        List<Subscription> immediate = subscriptions.all().stream()
                .filter(s -> s.mode() == Subscription.Mode.IMMEDIATE).toList();
        if (immediate.isEmpty()) {
            return List.of();
        }
        Map<String, NewDelivery> out = new LinkedHashMap<>();
        for (FixResult r : results) {
            Evaluation ev = r.evaluation();
            for (Violation v : ev.opened()) {
                if (!held.held(v.violationId(), AuditLog.VIOLATION_OPENED)) {
                    add(v, AuditLog.VIOLATION_OPENED, immediate, now, out);
                }
            }
            for (Violation v : ev.closed()) {
                if (!held.held(v.violationId(), AuditLog.VIOLATION_CLOSED)) {
                    add(v, AuditLog.VIOLATION_CLOSED, immediate, now, out);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private void add(Violation v, String transition, List<Subscription> immediate, Instant now, Map<String, NewDelivery> out) {
        ZoneType zoneType = zoneType(v.zoneId());
        String payload = null;
        for (Subscription s : immediate) {
            if (!s.matches(v, zoneType)) {
                continue;
            }
            if (payload == null) {
                payload = alerts.json(alerts.alert(v, transition, now));
            }
            String id = AlertFactory.deliveryId(v.violationId(), transition, s.subscriptionId());
            out.putIfAbsent(id, new NewDelivery(id, KIND_IMMEDIATE, transition, s.subscriptionId(), s.channel(),
                    s.target(), payload, List.of(v.violationId())));
        }
    }

    /**
     * Escalates the critical alerts nobody acknowledged in time: for every {@code immediate}
     * subscription with an {@code escalation_target}, every critical violation whose "opened" alert
     * to it was written at least {@code deepseaguard.alerts.escalation.delay} ago and is still not
     * acknowledged gets one more delivery, to the escalation target (same channel and secret), with
     * {@code event_type} {@code violation_escalated}; once per violation and subscription (its id is
     * deterministic), audited as {@code violation_escalated} in the same transaction. Safe on several
     * instances at once: a second writer of the same escalation writes nothing.
     *
     * @return how many escalations were written
     */
    public int escalate() {
        if (subscriptions.all().stream().allMatch(s -> s.escalationTarget() == null)) {
            return 0; // nothing can be escalated: no query
        }
        DeepSeaGuardProperties.Escalation escalation = escalationSettings;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<DeliveryRepository.Unacknowledged> due = deliveries.unacknowledged(now.minus(escalation.delay()),
                escalation.batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        List<NewDelivery> rows = new ArrayList<>(due.size());
        List<AuditLog.Record> audited = new ArrayList<>(due.size());
        for (DeliveryRepository.Unacknowledged u : due) {
            String id = AlertFactory.deliveryId(u.violationId(), VIOLATION_ESCALATED, u.subscriptionId());
            ViolationAlert first;
            try {
                first = (ViolationAlert) alerts.read(u.payload());
            } catch (JsonProcessingException | ClassCastException e) {
                throw new IllegalStateException("delivery " + u.deliveryId() + " holds no violation alert", e);
            }
            ViolationAlert alert = first.escalated(AlertFactory.alertId(u.violationId(), VIOLATION_ESCALATED),
                    VIOLATION_ESCALATED, now, new Alert.Escalation(u.subscriptionId(), u.deliveryId(), u.alertedAt(),
                            escalation.delay().toSeconds()));
            rows.add(new NewDelivery(id, KIND_ESCALATION, VIOLATION_ESCALATED, u.subscriptionId(), u.channel(),
                    u.escalationTarget(), alerts.json(alert), List.of(u.violationId())));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("violation_id", u.violationId());
            payload.put("auv_id", alert.auvId());
            payload.put("subscription_id", u.subscriptionId());
            payload.put("delivery_id", id);
            payload.put("target", u.escalationTarget());
            payload.put("first_alerted_at", u.alertedAt().toString());
            audited.add(audit.record(VIOLATION_ESCALATED, payload));
        }
        tx.executeWithoutResult(status -> {
            deliveries.insert(rows, now);
            audit.append(AuditActor.HUB, audited);
        });
        LOG.warn("Escalated {} critical alert(s) nobody acknowledged within {}", rows.size(), escalation.delay());
        return rows.size();
    }

    /** Writes deliveries; must run in the transaction of the change that causes them. */
    public void insert(List<NewDelivery> rows, Instant now) {
        deliveries.insert(rows, now);
    }

    /**
     * A completed warning window: one digest per {@code digest} subscription that has at least one
     * matching warning or held-back alert in it (only those), written in one transaction.
     * Idempotent: the same window written again (recovery, a replayed digest) keeps the rows of the
     * first time.
     *
     * @param batch the window's items ({@link AlertFactory#items}): warnings as on
     *              compliance_violations, and alerts held back
     */
    public void enqueueDigest(List<String> batch) throws JsonProcessingException {
        List<Subscription> digest = subscriptions.all().stream()
                .filter(s -> s.mode() == Subscription.Mode.DIGEST).toList();
        if (digest.isEmpty() || batch.isEmpty()) {
            return;
        }
        String window = AlertFactory.windowId(batch);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<AlertFactory.BatchItem> items = alerts.items(batch);
        List<NewDelivery> rows = new ArrayList<>();
        for (Subscription s : digest) {
            List<AlertFactory.BatchItem> matching = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (AlertFactory.BatchItem item : items) {
                Violation v = item.violation();
                if (s.matches(v, zoneType(v.zoneId()))) {
                    matching.add(item);
                    if (!ids.contains(v.violationId())) {
                        ids.add(v.violationId());
                    }
                }
            }
            if (!matching.isEmpty()) {
                String id = AlertFactory.digestDeliveryId(window, s.subscriptionId());
                rows.add(new NewDelivery(id, KIND_DIGEST, WARNING_DIGEST, s.subscriptionId(), s.channel(),
                        s.target(), alerts.json(alerts.digest(id, matching, now)), ids));
            }
        }
        if (!rows.isEmpty()) {
            tx.executeWithoutResult(status -> deliveries.insert(rows, now));
        }
    }

    private ZoneType zoneType(String zoneId) {
        return zoneId == null ? null : zones.find(zoneId).map(Zone::zoneType).orElse(null);
    }

    /**
     * Up to {@code batch-size} deliveries due now and not claimed (oldest due first); also refreshes
     * the subscriptions if they are stale. Each is claimed only when its attempt starts ({@link #claim}).
     */
    public List<String> due() {
        subscriptions.refreshIfStale();
        return deliveries.due(clock.instant(), settings.batchSize());
    }

    /**
     * Claims a due delivery for one attempt, for {@code claim-timeout}: on any instance, one worker
     * gets it; null when another one did (or it is no longer due).
     */
    public Claimed claim(String deliveryId) {
        Instant now = clock.instant();
        if (!deliveries.claim(deliveryId, instance, now, now.plus(settings.claimTimeout()))) {
            return null;
        }
        return deliveries.find(deliveryId).orElse(null);
    }

    /** The subscription of a claimed delivery as stored now; null once it was deleted. */
    public Subscription subscription(Claimed delivery) {
        return subscriptions.find(delivery.subscriptionId()).orElse(null);
    }

    /** The secret of a subscription in clear, null when it has none. */
    public String secret(Subscription subscription) {
        return subscriptions.secret(subscription);
    }

    /** The attempt went through: recorded, the delivery delivered and audited ({@code alert_delivered}). */
    public void delivered(Claimed d, Integer statusCode) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        tx.executeWithoutResult(status -> {
            if (deliveries.recordAttempt(d, new Attempt(now, "delivered", statusCode, null), DeliveryRepository.DELIVERED, null)) {
                audit.record(AuditActor.HUB, ALERT_DELIVERED, outcome(d, DeliveryRepository.DELIVERED, statusCode, null));
                count(d, "delivered");
            } else {
                LOG.warn("Delivery {} went through, but its claim had been taken over: not recorded here", d.deliveryId());
            }
        });
    }

    /**
     * The attempt failed: recorded; the next one is due after the back-off, or, after
     * {@code max-attempts} in this round, the delivery is failed, parked in the dead letters and
     * audited ({@code alert_failed}), in one transaction.
     *
     * @param statusCode the HTTP status the receiver answered, null when there was none
     */
    public void failed(Claimed d, Integer statusCode, String reason, String exceptionClass) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inRound = d.attempts() + 1 - d.roundStart();
        Attempt attempt = new Attempt(now, "failed", statusCode, reason);
        if (inRound < settings.maxAttempts()) {
            Instant next = now.plus(backOff(inRound));
            tx.executeWithoutResult(status -> deliveries.recordAttempt(d, attempt, DeliveryRepository.PENDING, next));
            count(d, "failed");
            LOG.info("Delivery {} to {} failed (attempt {}), next at {}: {}", d.deliveryId(), d.subscriptionId(),
                    d.attempts() + 1, next, reason);
            return;
        }
        giveUp(d, attempt, exceptionClass, true);
    }

    /** The subscription was deleted before the delivery went out: failed at once, not parked (nobody to send to). */
    public void abandon(Claimed d) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        giveUp(d, new Attempt(now, "failed", null, "subscription " + d.subscriptionId() + " was deleted"), null, false);
    }

    private void giveUp(Claimed d, Attempt attempt, String exceptionClass, boolean park) {
        tx.executeWithoutResult(status -> {
            if (!deliveries.recordAttempt(d, attempt, DeliveryRepository.FAILED, null)) {
                return;
            }
            audit.record(AuditActor.HUB, ALERT_FAILED, outcome(d, DeliveryRepository.FAILED, attempt.statusCode(),
                    attempt.reason()));
            count(d, "given_up");
            if (park) {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put("deepseaguard_delivery_id", d.deliveryId());
                headers.put("deepseaguard_subscription_id", d.subscriptionId());
                headers.put("deepseaguard_channel", d.channel());
                deadLetters.insert(attempt.at(), "alert-delivery", "alerts-deliver",
                        "delivery " + d.deliveryId() + " to " + d.subscriptionId() + " failed " + (d.attempts() + 1)
                                + " times; last: " + attempt.reason(),
                        exceptionClass, parked(d), headers, REDELIVER_URI);
            }
        });
        LOG.warn("Delivery {} to {} ({} {}) given up after {} attempts: {}", d.deliveryId(), d.subscriptionId(),
                d.channel(), d.target(), d.attempts() + 1, attempt.reason());
    }

    /** What a dead letter of a delivery holds: the delivery and the alert as sent (replayable). */
    private byte[] parked(Claimed d) {
        Map<String, Object> parked = new LinkedHashMap<>();
        parked.put("delivery_id", d.deliveryId());
        parked.put("subscription_id", d.subscriptionId());
        parked.put("channel", d.channel());
        parked.put("target", d.target());
        parked.put("transition", d.transition());
        try {
            parked.put("alert", json.readTree(d.payload()));
            return json.writeValueAsString(parked).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("delivery " + d.deliveryId() + " holds no JSON", e);
        }
    }

    /**
     * A replayed dead letter of a delivery: the delivery goes back to pending for a new round of
     * {@code max-attempts} attempts, with the same id and payload.
     *
     * @throws IllegalArgumentException when the text names no delivery, IllegalStateException when it is not failed
     */
    public void requeue(String parked) throws JsonProcessingException {
        String id = json.readTree(parked).path("delivery_id").asText(null);
        if (id == null) {
            throw new IllegalArgumentException("a parked delivery names its delivery_id");
        }
        if (!deliveries.requeue(id, clock.instant())) {
            throw new IllegalStateException("delivery " + id + " is not failed (" + deliveries.status(id).orElse("unknown") + ")");
        }
        LOG.info("Delivery {} is pending again (replayed)", id);
    }

    /**
     * Counts one attempt's outcome: {@code deepseaguard.alerts.deliveries} tagged {@code channel}
     * (a registered channel's name) and {@code outcome} ({@code delivered}; {@code failed}, retried;
     * {@code given_up}, the last one failed or the subscription is gone).
     */
    private void count(Claimed d, String outcome) {
        Counter counter = deliveryCounters.get(d.channel() + "|" + outcome);
        if (counter != null) { // a row of a channel this hub no longer has: its attempt fails anyway
            counter.increment();
        }
    }

    /** {@code first * multiplier^(failures-1)}, at most {@code max-retry-delay}. */
    Duration backOff(int failures) {
        double millis = settings.firstRetryDelay().toMillis() * Math.pow(settings.backoffMultiplier(), Math.max(0, failures - 1));
        long max = settings.maxRetryDelay().toMillis();
        return Duration.ofMillis(millis >= max ? max : (long) millis);
    }

    private Map<String, Object> outcome(Claimed d, String status, Integer statusCode, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("delivery_id", d.deliveryId());
        payload.put("kind", d.kind());
        payload.put("transition", d.transition());
        payload.put("subscription_id", d.subscriptionId());
        payload.put("channel", d.channel());
        payload.put("target", d.target());
        payload.put("status", status);
        payload.put("attempts", d.attempts() + 1);
        payload.put("status_code", statusCode);
        payload.put("reason", reason);
        try {
            Alert alert = alerts.read(d.payload());
            payload.put(alert instanceof ViolationAlert ? "alert_id" : "digest_id", alert.id());
            if (alert instanceof ViolationAlert v) {
                payload.put("violation_id", v.violation().violationId());
            }
        } catch (JsonProcessingException e) {
            // the payload is the hub's own JSON; nothing more to say about it
        }
        return payload;
    }
}
