package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.service.Subscription;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code alert_subscriptions} (V55); filter lists are stored as JSON arrays of strings. */
@Repository
public class SubscriptionRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "subscription_id, channel, target, secret_encrypted, min_severity, rule_types, "
            + "zone_types, zone_ids, auv_ids, mode, origin, created_at, updated_at, escalation_target";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public SubscriptionRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Subscription> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert_subscriptions ORDER BY subscription_id", this::map);
    }

    public Optional<Subscription> find(String subscriptionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert_subscriptions WHERE subscription_id = ?", this::map,
                subscriptionId).stream().findFirst();
    }

    /** Locks the row for the rest of the transaction; empty when there is none. */
    public Optional<Subscription> lock(String subscriptionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM alert_subscriptions WHERE subscription_id = ? FOR UPDATE", this::map,
                subscriptionId).stream().findFirst();
    }

    /** Inserts; false when the id is taken. */
    public boolean insert(Subscription s) {
        return jdbc.update("INSERT INTO alert_subscriptions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING",
                s.subscriptionId(), s.channel(), s.target(), s.secretEncrypted(), s.minSeverity().wireName(),
                text(s.ruleTypes().stream().map(RuleType::wireName).toList()),
                text(s.zoneTypes().stream().map(ZoneType::wireName).toList()), text(s.zoneIds()), text(s.auvIds()),
                s.mode().wireName(), s.origin(), Sql.ts(s.createdAt()), Sql.ts(s.updatedAt()), s.escalationTarget()) == 1;
    }

    /** Replaces every column but the id and {@code created_at}. */
    public void update(Subscription s) {
        jdbc.update("UPDATE alert_subscriptions SET channel = ?, target = ?, secret_encrypted = ?, min_severity = ?, "
                        + "rule_types = ?, zone_types = ?, zone_ids = ?, auv_ids = ?, mode = ?, origin = ?, updated_at = ?, "
                        + "escalation_target = ? "
                        + "WHERE subscription_id = ?",
                s.channel(), s.target(), s.secretEncrypted(), s.minSeverity().wireName(),
                text(s.ruleTypes().stream().map(RuleType::wireName).toList()),
                text(s.zoneTypes().stream().map(ZoneType::wireName).toList()), text(s.zoneIds()), text(s.auvIds()),
                s.mode().wireName(), s.origin(), Sql.ts(s.updatedAt()), s.escalationTarget(), s.subscriptionId());
    }

    public boolean delete(String subscriptionId) {
        return jdbc.update("DELETE FROM alert_subscriptions WHERE subscription_id = ?", subscriptionId) == 1;
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("subscription_id"), rs.getString("channel"),
                rs.getString("target"), rs.getString("secret_encrypted"), Severity.fromWire(rs.getString("min_severity")),
                list(rs.getString("rule_types")).stream().map(RuleType::fromWire).toList(),
                list(rs.getString("zone_types")).stream().map(ZoneType::fromWire).toList(),
                list(rs.getString("zone_ids")), list(rs.getString("auv_ids")),
                Subscription.Mode.fromWire(rs.getString("mode")), rs.getString("origin"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), rs.getString("escalation_target"));
    }

    private String text(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> list(String text) {
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable filter list in alert_subscriptions: " + text, e);
        }
    }
}
