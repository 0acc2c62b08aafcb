package org.deepseaguard.core.rules;

/**
 * The parameters of a rule type that has none ({@code restricted_zone}, {@code unauthorized_entry}).
 * Immutable and thread-safe.
 */
public record NoParameters() {

    /** The one value (any instance equals it). */
    public static final NoParameters NONE = new NoParameters();
}
