package org.deepseaguard.hub.store;

import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Messages an asynchronous route gave up on, kept with the reason for an operator to replay. */
@Repository
public class DeadLetterRepository {

    private final JdbcTemplate jdbc;

    public DeadLetterRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void park(String routeId, String reason, String body, String headers, Instant now) {
        jdbc.update("INSERT INTO dead_letters (route_id, reason, body, headers, created_at) VALUES (?, ?, ?, ?, ?)",
                routeId, reason, body, headers, Sql.ts(now));
    }
}
