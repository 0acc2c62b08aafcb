package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Tables {@code audit_log} and {@code audit_head} (migration V52): rows are only ever inserted. The
 * head row is locked by {@link #lockHead()} in the appending transaction, so appends of all
 * transactions and hub instances are serialised. Plain SQL valid for PostgreSQL and H2. Thread-safe.
 */
@Repository
public class AuditLogRepository {

    /** One row of {@code audit_log}. */
    public record Row(long seq, Instant recordedAt, String actor, String actorRole, String kind, String payload,
                      String payloadSha256, String prevSha256, String entrySha256) {
    }

    /** The head of the chain: the last entry's seq and hash, and its time (null before the first). */
    public record Head(long lastSeq, String lastSha256, Instant lastRecordedAt) {
    }

    /** Query filter; null fields do not filter. {@code from}/{@code to} bound {@code recorded_at} ([from, to)). */
    public record Query(Instant from, Instant to, String kind, int limit, int offset) {
    }

    private static final String COLUMNS =
            "seq, recorded_at, actor, actor_role, kind, payload, payload_sha256, prev_sha256, entry_sha256";

    private final JdbcTemplate jdbc;

    public AuditLogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads and locks the head row until the transaction ends; needs a transaction. */
    public Head lockHead() {
        return jdbc.queryForObject("SELECT last_seq, last_sha256, last_recorded_at FROM audit_head WHERE id = 1 FOR UPDATE",
                (rs, i) -> head(rs));
    }

    /** The head as committed, without a lock. */
    public Head head() {
        return jdbc.queryForObject("SELECT last_seq, last_sha256, last_recorded_at FROM audit_head WHERE id = 1",
                (rs, i) -> head(rs));
    }

    /** Inserts the entries in one JDBC batch and moves the head to the last; under {@link #lockHead()}. */
    public void append(List<Row> rows) {
        jdbc.batchUpdate("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, rows.size(),
                (ps, r) -> {
                    ps.setLong(1, r.seq());
                    ps.setObject(2, Sql.ts(r.recordedAt()));
                    ps.setString(3, r.actor());
                    ps.setString(4, r.actorRole());
                    ps.setString(5, r.kind());
                    ps.setString(6, r.payload());
                    ps.setString(7, r.payloadSha256());
                    ps.setString(8, r.prevSha256());
                    ps.setString(9, r.entrySha256());
                });
        Row last = rows.get(rows.size() - 1);
        jdbc.update("UPDATE audit_head SET last_seq = ?, last_sha256 = ?, last_recorded_at = ? WHERE id = 1",
                last.seq(), last.entrySha256(), Sql.ts(last.recordedAt()));
    }

    /** Ascending by seq. */
    public Page<Row> find(Query q) {
        Filter f = filter(q.from(), q.to()).and("kind = ?", q.kind());
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log" + f.where(), Long.class, f.args());
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM audit_log" + f.where() + " ORDER BY seq LIMIT ? OFFSET ?",
                (rs, i) -> row(rs), f.args(q.limit(), q.offset()));
        return new Page<>(rows, total == null ? 0 : total);
    }

    /** The smallest and largest seq recorded in [from, to) (either bound may be null); null when none. */
    public long[] seqRange(Instant from, Instant to) {
        Filter f = filter(from, to);
        return jdbc.queryForObject("SELECT MIN(seq), MAX(seq) FROM audit_log" + f.where(), (rs, i) -> {
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }, f.args());
    }

    /** The stored entry hash of entry {@code seq}, null when there is none. */
    public String entrySha256(long seq) {
        List<String> found = jdbc.queryForList("SELECT entry_sha256 FROM audit_log WHERE seq = ?", String.class, seq);
        return found.isEmpty() ? null : found.get(0);
    }

    /** At most {@code limit} entries with {@code after < seq <= upTo}, ascending (keyset paging). */
    public List<Row> page(long after, long upTo, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                (rs, i) -> row(rs), after, upTo, limit);
    }

    private static Filter filter(Instant from, Instant to) {
        return new Filter().and("recorded_at >= ?", Sql.ts(from)).and("recorded_at < ?", Sql.ts(to));
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getLong("last_seq"), rs.getString("last_sha256"), Sql.instant(rs, "last_recorded_at"));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("seq"), Sql.instant(rs, "recorded_at"), rs.getString("actor"), rs.getString("actor_role"),
                rs.getString("kind"), rs.getString("payload"), rs.getString("payload_sha256"), rs.getString("prev_sha256"),
                rs.getString("entry_sha256"));
    }
}
