package org.deepseaguard.core.rules;

/**
 * Where the engine judges the rules of a type, i.e. with which zones it calls
 * {@link RuleKind#breaches}, and so which episode keys they get ({@code rule_id}, or
 * {@code rule_id|zone_id} when judged in a zone). A type picks one; the engine owns the zone
 * lookups behind each. Immutable and thread-safe.
 */
public enum JudgedIn {

    /**
     * Each zone the fix is a member of (footprint covers it, depth band and validity period hold)
     * and the rule covers; a fix in no such zone is not judged. Episodes are per zone. With exit
     * hysteresis, a pending exit holds these episodes open.
     */
    MEMBER_ZONES,

    /** As {@link #MEMBER_ZONES} for a rule with a zone scope; without one, once per fix with a {@code null} zone. */
    MEMBER_ZONES_IF_SCOPED,

    /**
     * For a rule with a zone scope, once in the first member zone (by zone id) it covers;
     * without one, once per fix with a {@code null} zone.
     */
    FIRST_MEMBER_ZONE_IF_SCOPED,

    /**
     * Each zone in scope that does not cover the fix but whose boundary is nearer than the type's
     * {@link RuleKind#reachMetres}; {@link FixContext#distanceTo} answers the distance. The kind
     * must breach exactly when that distance is strictly below its reach (the engine may hand it
     * an upper bound instead of the exact distance when that decides the answer). Not judged for
     * late fixes; ignores exit hysteresis.
     */
    NEAR_ZONES,

    /** Once per fix with a {@code null} zone, zone scope or not. */
    ANYWHERE
}
