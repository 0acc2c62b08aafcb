package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/** JDBC conversions shared by the repositories (works the same on H2 and PostgreSQL). */
final class Sql {

    private Sql() {
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * Writes every row with a JDBC batch of {@code update}, then inserts, in a second batch, the rows
     * the update found nothing for: an upsert that works alike on H2 and PostgreSQL.
     */
    static <T> void updateElseInsert(JdbcTemplate jdbc, List<T> rows, String update,
                                     ParameterizedPreparedStatementSetter<T> updateSetter, String insert,
                                     ParameterizedPreparedStatementSetter<T> insertSetter) {
        if (rows.isEmpty()) {
            return;
        }
        int[][] updated = jdbc.batchUpdate(update, rows, rows.size(), updateSetter);
        List<T> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[0][i] == 0) {
                missing.add(rows.get(i));
            }
        }
        jdbc.batchUpdate(insert, missing, missing.size(), insertSetter);
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
