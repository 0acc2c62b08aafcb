package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The alert outbox (V55): tables {@code alert_deliveries}, {@code alert_delivery_violations} and
 * {@code alert_delivery_attempts}. A delivery is claimed for one attempt with a single conditional
 * UPDATE (status pending, due, no live claim), so of any number of workers on any number of hub
 * instances sharing the database exactly one sends a given attempt; the attempt is recorded only
 * by the claim holder ({@code claimed_by} and the attempt count must still match). Works alike on
 * H2 and PostgreSQL.
 */
@Repository
public class DeliveryRepository {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    /** An escalation the acknowledgement of its violation stopped before it was sent. */
    public static final String CANCELLED = "cancelled";

    /** A delivery to write: the alert (payload) for one subscription, and the violations it is about. */
    public record NewDelivery(String deliveryId, String kind, String transition, String subscriptionId, String channel,
                              String target, String payload, List<String> violationIds) {
    }

    /** A delivery claimed for its next attempt. */
    public record Claimed(String deliveryId, String kind, String transition, String subscriptionId, String channel,
                          String target, String payload, int attempts, int roundStart, String claimedBy) {
    }

    /** One attempt as the delivery log shows it. */
    public record Attempt(Instant at, String outcome, Integer statusCode, String reason) {
    }

    /** A delivery with its attempts, oldest first. */
    public record Logged(String deliveryId, String kind, String subscriptionId, String channel, String target,
                         String transition, String status, Instant createdAt, Instant nextAttemptAt,
                         List<Attempt> attempts) {
    }

    /** A critical alert that may need escalating: its delivery, subscription, violation and alert. */
    public record Unacknowledged(String deliveryId, String subscriptionId, String channel, String escalationTarget,
                                 String violationId, String payload, Instant alertedAt) {
    }

    private final JdbcTemplate jdbc;

    public DeliveryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The critical "opened" alerts of {@code immediate} deliveries written at or before
     * {@code cutoff} whose subscription has an escalation target, whose violation nobody
     * acknowledged and that were not escalated to that subscription yet; oldest first, at most
     * {@code limit}.
     */
    public List<Unacknowledged> unacknowledged(Instant cutoff, int limit) {
        return jdbc.query("""
                SELECT d.delivery_id, d.subscription_id, s.channel, s.escalation_target, dv.violation_id, d.payload, d.created_at
                FROM alert_deliveries d
                JOIN alert_delivery_violations dv ON dv.delivery_id = d.delivery_id
                JOIN alert_subscriptions s ON s.subscription_id = d.subscription_id AND s.escalation_target IS NOT NULL
                JOIN violations v ON v.violation_id = dv.violation_id AND v.severity = 'critical'
                WHERE d.kind = 'immediate' AND d.transition = 'violation_opened' AND d.created_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM violation_acknowledgements a WHERE a.violation_id = dv.violation_id)
                  AND NOT EXISTS (SELECT 1 FROM alert_deliveries e
                                  JOIN alert_delivery_violations ev ON ev.delivery_id = e.delivery_id
                                  WHERE e.kind = 'escalation' AND e.subscription_id = d.subscription_id
                                    AND ev.violation_id = dv.violation_id)
                ORDER BY d.created_at, d.delivery_id
                LIMIT ?""",
                (rs, i) -> new Unacknowledged(rs.getString("delivery_id"), rs.getString("subscription_id"),
                        rs.getString("channel"), rs.getString("escalation_target"), rs.getString("violation_id"),
                        rs.getString("payload"), Sql.instant(rs, "created_at")),
                Sql.ts(cutoff), limit);
    }

    /** Ends the escalations of a violation not sent yet (its acknowledgement stops them); how many. */
    public int cancelEscalations(String violationId, Instant now) {
        return jdbc.update("""
                UPDATE alert_deliveries SET status = 'cancelled', finished_at = ?
                WHERE kind = 'escalation' AND status = 'pending'
                  AND delivery_id IN (SELECT delivery_id FROM alert_delivery_violations WHERE violation_id = ?)""",
                Sql.ts(now), violationId);
    }

    /** Writes the deliveries, due at {@code now}; one that exists (the same id) is left as it is. */
    public void insert(List<NewDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO alert_deliveries (delivery_id, kind, transition, subscription_id, channel, target, payload,
                                              status, attempts, round_start, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?) ON CONFLICT DO NOTHING""",
                deliveries, deliveries.size(), (ps, d) -> {
                    ps.setString(1, d.deliveryId());
                    ps.setString(2, d.kind());
                    ps.setString(3, d.transition());
                    ps.setString(4, d.subscriptionId());
                    ps.setString(5, d.channel());
                    ps.setString(6, d.target());
                    ps.setString(7, d.payload());
                    ps.setObject(8, Sql.ts(now));
                    ps.setObject(9, Sql.ts(now));
                });
        List<String[]> links = new ArrayList<>();
        deliveries.forEach(d -> d.violationIds().forEach(v -> links.add(new String[] {d.deliveryId(), v})));
        jdbc.batchUpdate("INSERT INTO alert_delivery_violations (delivery_id, violation_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                links, links.size(), (ps, l) -> {
                    ps.setString(1, l[0]);
                    ps.setString(2, l[1]);
                });
    }

    /** Ids of pending deliveries due at {@code now} and not claimed by a live claim, the longest due first. */
    public List<String> due(Instant now, int limit) {
        return jdbc.queryForList("""
                SELECT delivery_id FROM alert_deliveries
                WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                ORDER BY next_attempt_at, delivery_id LIMIT ?""", String.class, Sql.ts(now), Sql.ts(now), limit);
    }

    /** Claims a due delivery for one attempt until {@code until}: true for exactly one of concurrent callers. */
    public boolean claim(String deliveryId, String claimedBy, Instant now, Instant until) {
        return jdbc.update("""
                UPDATE alert_deliveries SET claimed_by = ?, claimed_until = ?
                WHERE delivery_id = ? AND status = 'pending' AND next_attempt_at <= ?
                  AND (claimed_until IS NULL OR claimed_until < ?)""",
                claimedBy, Sql.ts(until), deliveryId, Sql.ts(now), Sql.ts(now)) == 1;
    }

    public Optional<Claimed> find(String deliveryId) {
        return jdbc.query("""
                SELECT delivery_id, kind, transition, subscription_id, channel, target, payload, attempts, round_start,
                       claimed_by FROM alert_deliveries WHERE delivery_id = ?""",
                (rs, i) -> new Claimed(rs.getString("delivery_id"), rs.getString("kind"), rs.getString("transition"),
                        rs.getString("subscription_id"), rs.getString("channel"), rs.getString("target"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getInt("round_start"), rs.getString("claimed_by")),
                deliveryId).stream().findFirst();
    }

    /**
     * Records the claim holder's attempt (number {@code claimed.attempts() + 1}) and the delivery's
     * new state, releasing the claim. False (nothing written) when the claim was lost meanwhile
     * (taken over after its timeout): the other holder records its own attempt.
     *
     * @param nextAttemptAt when the next attempt is due (status pending), else ignored
     */
    public boolean recordAttempt(Claimed claimed, Attempt attempt, String status, Instant nextAttemptAt) {
        int number = claimed.attempts() + 1;
        boolean finished = !PENDING.equals(status);
        int updated = jdbc.update("""
                UPDATE alert_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, finished_at = ?,
                                            claimed_by = NULL, claimed_until = NULL
                WHERE delivery_id = ? AND claimed_by = ? AND attempts = ? AND status = 'pending'""",
                number, status, Sql.ts(finished ? attempt.at() : nextAttemptAt), finished ? Sql.ts(attempt.at()) : null,
                claimed.deliveryId(), claimed.claimedBy(), claimed.attempts());
        if (updated != 1) {
            return false;
        }
        jdbc.update("INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, outcome, status_code, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, claimed.deliveryId());
                    ps.setInt(2, number);
                    ps.setObject(3, Sql.ts(attempt.at()));
                    ps.setString(4, attempt.outcome());
                    if (attempt.statusCode() == null) {
                        ps.setNull(5, Types.INTEGER);
                    } else {
                        ps.setInt(5, attempt.statusCode());
                    }
                    ps.setString(6, attempt.reason() == null ? null
                            : attempt.reason().length() > 2048 ? attempt.reason().substring(0, 2048) : attempt.reason());
                });
        return true;
    }

    /** A failed delivery goes back to pending for a new round of attempts; false when it is not failed. */
    public boolean requeue(String deliveryId, Instant now) {
        return jdbc.update("""
                UPDATE alert_deliveries SET status = 'pending', round_start = attempts, next_attempt_at = ?,
                                            finished_at = NULL, claimed_by = NULL, claimed_until = NULL
                WHERE delivery_id = ? AND status = 'failed'""", Sql.ts(now), deliveryId) == 1;
    }

    /** Every delivery about the violation (its alerts and the digests that list it), oldest first, with attempts. */
    public List<Logged> forViolation(String violationId) {
        Map<String, Logged> byId = new LinkedHashMap<>();
        jdbc.query("""
                SELECT d.delivery_id, d.kind, d.subscription_id, d.channel, d.target, d.transition, d.status, d.created_at,
                       d.next_attempt_at
                FROM alert_deliveries d JOIN alert_delivery_violations v ON v.delivery_id = d.delivery_id
                WHERE v.violation_id = ? ORDER BY d.created_at, d.transition, d.subscription_id""",
                (ResultSet rs) -> {
                    String status = rs.getString("status");
                    byId.put(rs.getString("delivery_id"), new Logged(rs.getString("delivery_id"), rs.getString("kind"),
                            rs.getString("subscription_id"), rs.getString("channel"), rs.getString("target"),
                            rs.getString("transition"), status, Sql.instant(rs, "created_at"),
                            PENDING.equals(status) ? Sql.instant(rs, "next_attempt_at") : null, new ArrayList<>()));
                }, violationId);
        if (byId.isEmpty()) {
            return List.of();
        }
        jdbc.query("""
                SELECT a.delivery_id, a.attempt, a.at, a.outcome, a.status_code, a.reason
                FROM alert_delivery_attempts a JOIN alert_delivery_violations v ON v.delivery_id = a.delivery_id
                WHERE v.violation_id = ? ORDER BY a.delivery_id, a.attempt""",
                (ResultSet rs) -> {
                    Logged d = byId.get(rs.getString("delivery_id"));
                    if (d != null) {
                        d.attempts().add(attempt(rs));
                    }
                }, violationId);
        return List.copyOf(byId.values());
    }

    /** The attempts of one delivery, oldest first. */
    public List<Attempt> attempts(String deliveryId) {
        return jdbc.query("SELECT at, outcome, status_code, reason FROM alert_delivery_attempts WHERE delivery_id = ? "
                + "ORDER BY attempt", (rs, i) -> attempt(rs), deliveryId);
    }

    /** The status of a delivery, empty when there is none. */
    public Optional<String> status(String deliveryId) {
        return jdbc.queryForList("SELECT status FROM alert_deliveries WHERE delivery_id = ?", String.class, deliveryId)
                .stream().findFirst();
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        int code = rs.getInt("status_code");
        return new Attempt(Sql.instant(rs, "at"), rs.getString("outcome"), rs.wasNull() ? null : code, rs.getString("reason"));
    }
}
