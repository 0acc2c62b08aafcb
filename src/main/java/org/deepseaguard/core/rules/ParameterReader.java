package org.deepseaguard.core.rules;

import java.util.Map;

/**
 * Where a {@link RuleKind} reads its parameters from: the fields of one rule object (JSON over the
 * API, a stored definition, a YAML file) or values given in code. Field names are the snake_case
 * JSON names. A field that is absent or null reads as {@code null}; one of the wrong kind reads as
 * {@code null} too, and the reader records the error against that field (the hub's reader as a
 * {@link org.deepseaguard.core.model.FieldError}), so a kind only checks ranges and presence.
 *
 * <p>Implementations need not be thread-safe: one per object read.
 */
public interface ParameterReader {

    /** A finite number, or {@code null}. */
    Double number(String field);

    /** An integer (a JSON number without a fraction, within a {@code long}), or {@code null}. */
    Long integer(String field);

    /**
     * Reads from a map of field name to value, for rules built in code and tests; an absent key
     * reads as {@code null}.
     *
     * @throws IllegalArgumentException when a value read is not a {@link Number}, or not a whole
     *                                  number where an integer is read
     */
    static ParameterReader of(Map<String, ?> values) {
        return new ParameterReader() {
            @Override
            public Double number(String field) {
                Number n = value(field);
                return n == null ? null : n.doubleValue();
            }

            @Override
            public Long integer(String field) {
                Number n = value(field);
                if (n != null && n.longValue() != n.doubleValue()) {
                    throw new IllegalArgumentException(field + " must be an integer: " + n);
                }
                return n == null ? null : n.longValue();
            }

            private Number value(String field) {
                Object v = values.get(field);
                if (v != null && !(v instanceof Number)) {
                    throw new IllegalArgumentException(field + " must be a number: " + v);
                }
                return (Number) v;
            }
        };
    }
}
