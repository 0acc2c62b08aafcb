package org.deepseaguard.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 trigger that keeps {@code audit_log} append-only (migration
 * {@code db/vendor/h2/V52_1__audit_log_append_only.sql}): every UPDATE and DELETE of a row is refused.
 * PostgreSQL has its own trigger function. Stateless and thread-safe.
 */
public class AppendOnlyTrigger implements Trigger {

    private String table = "audit_log";

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(table + " is append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " refused",
                "P0001");
    }
}
