package org.deepseaguard.core.rules;

/**
 * Where a {@link RuleKind} writes its parameters to, by snake_case JSON field name; a {@code null}
 * value is written as JSON null. The hub writes into the rule's JSON object. Not thread-safe.
 */
public interface ParameterWriter {

    void number(String field, Double value);

    void integer(String field, Long value);
}
