package org.deepseaguard.hub.store;

import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Archive of late fixes (older than the vehicle's last applied fix), idempotent per vehicle and time. */
@Repository
public class LateFixRepository {

    private final JdbcTemplate jdbc;

    public LateFixRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void archive(String auvId, Instant fixTime, String fixJson, Instant receivedAt) {
        jdbc.update("INSERT INTO late_fixes (auv_id, fix_time, fix, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                auvId, Sql.ts(fixTime), fixJson, Sql.ts(receivedAt));
    }

    public long count(String auvId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM late_fixes WHERE auv_id = ?", Long.class, auvId);
        return n == null ? 0 : n;
    }
}
