package org.deepseaguard.core.model;

/**
 * One reason an input was refused: the snake_case JSON field (or {@code geometry}, {@code body})
 * and a sentence saying what is wrong. Immutable and thread-safe.
 */
public record FieldError(String field, String message) {
}
