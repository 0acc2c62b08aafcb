package org.deepseaguard.hub.store;

import java.time.Instant;

/**
 * One stored version of a zone, rule or vehicle registration: its number, how it came about
 * ({@code created}, {@code updated}, {@code deleted}), when, and the content as it was
 * ({@code null} for a deletion). Immutable.
 *
 * @param <T> the content: the Feature text of a zone, the JSON definition of a rule, a
 *            {@link org.deepseaguard.core.model.Vehicle} registration
 */
public record StoredVersion<T>(int version, String changeType, Instant changedAt, T content) {
}
