package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Table {@code dead_letters} (migrations V50, V51). SQL is plain and valid for PostgreSQL and H2 in
 * PostgreSQL mode. Thread-safe.
 */
@Repository
public class DeadLetterStore {

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final int maxPayloadChars;
    private final int maxOriginalBytes;

    public DeadLetterStore(JdbcClient jdbc, ObjectMapper json, DeadLetterProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.maxPayloadChars = properties.maxPayloadChars();
        this.maxOriginalBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxOriginalSize().toBytes());
    }

    /**
     * A new row, not yet replayed. Returns its id. Never fails on content: every value is made to fit
     * its column ({@link DeadLetterContent}); what was changed is written to {@code payload_note}.
     *
     * @param payload the original payload as it arrived (bytes; null for no body)
     */
    public long insert(Instant receivedAt, String source, String routeId, String reason, String exceptionClass,
            byte[] payload, Map<String, Object> headers, String replayEndpoint) {
        DeadLetterContent.Payload stored = DeadLetterContent.payload(payload, maxPayloadChars, maxOriginalBytes);
        List<String> notes = new ArrayList<>(stored.notes());
        String cleanSource = DeadLetterContent.column(source, DeadLetterContent.SOURCE_CHARS, "source", notes);
        String cleanRoute = DeadLetterContent.column(routeId, DeadLetterContent.ROUTE_ID_CHARS, "route_id", notes);
        String cleanReason = DeadLetterContent.column(reason, DeadLetterContent.REASON_CHARS, "reason", notes);
        String cleanClass = DeadLetterContent.column(exceptionClass, DeadLetterContent.EXCEPTION_CLASS_CHARS,
                "exception_class", notes);
        String endpoint = replayEndpoint;
        if (endpoint != null && (endpoint.length() > DeadLetterContent.REPLAY_ENDPOINT_CHARS || endpoint.indexOf('\u0000') >= 0)) {
            notes.add("replay endpoint longer than " + DeadLetterContent.REPLAY_ENDPOINT_CHARS + " characters: not replayable");
            endpoint = null;
        }
        Map<String, Object> cleanHeaders = DeadLetterContent.headers(headers, notes);
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO dead_letters (received_at, source, route_id, reason, exception_class, payload, payload_base64,
                                          payload_truncated, payload_note, payload_size, headers, replay_endpoint,
                                          replay_count)
                VALUES (:received_at, :source, :route_id, :reason, :exception_class, :payload, :payload_base64,
                        :payload_truncated, :payload_note, :payload_size, :headers, :replay_endpoint, 0)""")
                .param("received_at", utc(receivedAt))
                .param("source", cleanSource)
                .param("route_id", cleanRoute)
                .param("reason", cleanReason)
                .param("exception_class", cleanClass)
                .param("payload", stored.text())
                .param("payload_base64", stored.base64())
                .param("payload_truncated", stored.truncated())
                .param("payload_note", DeadLetterContent.note(notes))
                .param("payload_size", payload == null ? null : (Long) stored.size())
                .param("headers", writeHeaders(cleanHeaders))
                .param("replay_endpoint", endpoint)
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

    /**
     * Claims a row for one replay, atomically: true for exactly one of any number of concurrent
     * callers, false when the row is replayed already or another replay holds it. A claim older
     * than {@code staleBefore} (its instance died mid-replay) may be taken over.
     */
    public boolean claimReplay(long id, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                UPDATE dead_letters SET replay_claimed_at = :now
                WHERE id = :id AND replayed_at IS NULL
                  AND (replay_claimed_at IS NULL OR replay_claimed_at < :stale)""")
                .param("now", utc(now))
                .param("id", id)
                .param("stale", utc(staleBefore))
                .update() == 1;
    }

    /** A replay went through: the row is kept as evidence, marked replayed, its claim released. */
    public void markReplayed(long id, Instant at) {
        jdbc.sql("""
                UPDATE dead_letters SET replayed_at = :at, replay_count = replay_count + 1, replay_claimed_at = NULL
                WHERE id = :id""")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    /**
     * A replay failed again: the row stays pending with the new reason, its claim released, so it
     * can be replayed again.
     */
    public void markReplayFailed(long id, String routeId, String reason, String exceptionClass) {
        List<String> ignored = new ArrayList<>();
        jdbc.sql("""
                UPDATE dead_letters SET reason = :reason, exception_class = :exception_class, route_id = :route_id,
                                        replay_count = replay_count + 1, replay_claimed_at = NULL
                WHERE id = :id""")
                .param("reason", DeadLetterContent.column(reason, DeadLetterContent.REASON_CHARS, "reason", ignored))
                .param("exception_class", DeadLetterContent.column(exceptionClass,
                        DeadLetterContent.EXCEPTION_CLASS_CHARS, "exception_class", ignored))
                .param("route_id", DeadLetterContent.column(routeId, DeadLetterContent.ROUTE_ID_CHARS, "route_id", ignored))
                .param("id", id)
                .update();
    }

    /** A claimed replay could not even be tried (e.g. nothing to send): the claim is released, nothing else. */
    public void releaseClaim(long id) {
        jdbc.sql("UPDATE dead_letters SET replay_claimed_at = NULL WHERE id = :id").param("id", id).update();
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
        OffsetDateTime claimedAt = rs.getObject("replay_claimed_at", OffsetDateTime.class);
        long size = rs.getLong("payload_size");
        Long payloadSize = rs.wasNull() ? null : size;
        return new DeadLetter(
                rs.getLong("id"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("source"),
                rs.getString("route_id"),
                rs.getString("reason"),
                rs.getString("exception_class"),
                rs.getString("payload"),
                rs.getString("payload_base64"),
                rs.getBoolean("payload_truncated"),
                rs.getString("payload_note"),
                payloadSize,
                readHeaders(rs.getString("headers")),
                rs.getString("replay_endpoint"),
                replayedAt == null ? null : replayedAt.toInstant(),
                rs.getInt("replay_count"),
                claimedAt == null ? null : claimedAt.toInstant());
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
