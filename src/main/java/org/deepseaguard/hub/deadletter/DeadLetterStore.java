package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Table {@code dead_letters} (migration V50). SQL is plain and valid for PostgreSQL and H2 in
 * PostgreSQL mode. Thread-safe.
 */
@Repository
public class DeadLetterStore {

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public DeadLetterStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new row, not yet replayed. Returns its id. */
    public long insert(Instant receivedAt, String source, String routeId, String reason, String exceptionClass,
            String payload, Map<String, Object> headers, String replayEndpoint) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO dead_letters (received_at, source, route_id, reason, exception_class, payload, headers,
                                          replay_endpoint, replay_count)
                VALUES (:received_at, :source, :route_id, :reason, :exception_class, :payload, :headers,
                        :replay_endpoint, 0)""")
                .param("received_at", utc(receivedAt))
                .param("source", source)
                .param("route_id", routeId)
                .param("reason", reason)
                .param("exception_class", exceptionClass)
                .param("payload", payload)
                .param("headers", writeHeaders(headers))
                .param("replay_endpoint", replayEndpoint)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql("SELECT * FROM dead_letters WHERE id = :id").param("id", id).query(this::map).optional();
    }

    /**
     * Rows oldest first. {@code replayed} null = all, true = replayed ones, false = those still waiting.
     */
    public List<DeadLetter> list(Boolean replayed, int limit, int offset) {
        return jdbc.sql("SELECT * FROM dead_letters" + where(replayed) + " ORDER BY id LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(this::map)
                .list();
    }

    public long count(Boolean replayed) {
        return jdbc.sql("SELECT COUNT(*) FROM dead_letters" + where(replayed)).query(Long.class).single();
    }

    /** Rows not yet replayed with an id above {@code afterId}, oldest first. */
    public List<DeadLetter> pendingAfter(long afterId, int limit) {
        return jdbc.sql("""
                SELECT * FROM dead_letters WHERE replayed_at IS NULL AND id > :after ORDER BY id LIMIT :limit""")
                .param("after", afterId)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** A replay went through: the row is kept as evidence, marked replayed. */
    public void markReplayed(long id, Instant at) {
        jdbc.sql("UPDATE dead_letters SET replayed_at = :at, replay_count = replay_count + 1 WHERE id = :id")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    /** A replay failed again: the row stays pending with the new reason. */
    public void markReplayFailed(long id, String routeId, String reason, String exceptionClass) {
        jdbc.sql("""
                UPDATE dead_letters SET reason = :reason, exception_class = :exception_class, route_id = :route_id,
                                        replay_count = replay_count + 1
                WHERE id = :id""")
                .param("reason", reason)
                .param("exception_class", exceptionClass)
                .param("route_id", routeId)
                .param("id", id)
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String where(Boolean replayed) {
        if (replayed == null) {
            return "";
        }
        return replayed ? " WHERE replayed_at IS NOT NULL" : " WHERE replayed_at IS NULL";
    }

    private DeadLetter map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime replayedAt = rs.getObject("replayed_at", OffsetDateTime.class);
        return new DeadLetter(
                rs.getLong("id"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("source"),
                rs.getString("route_id"),
                rs.getString("reason"),
                rs.getString("exception_class"),
                rs.getString("payload"),
                readHeaders(rs.getString("headers")),
                rs.getString("replay_endpoint"),
                replayedAt == null ? null : replayedAt.toInstant(),
                rs.getInt("replay_count"));
    }

    private String writeHeaders(Map<String, Object> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers of a dead letter cannot be written as JSON", e);
        }
    }

    private Map<String, Object> readHeaders(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", text);
        }
    }
}
