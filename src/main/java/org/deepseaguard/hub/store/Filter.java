package org.deepseaguard.hub.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a WHERE clause from fixed column conditions; values are always bound as parameters,
 * never concatenated into the SQL.
 */
final class Filter {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    /** Adds {@code condition} (with one {@code ?}) when {@code value} is not null. */
    Filter and(String condition, Object value) {
        if (value != null) {
            conditions.add(condition);
            args.add(value);
        }
        return this;
    }

    String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Object[] args(Object... more) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray();
    }
}
