package org.deepseaguard.core.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.RuleType;

/**
 * The registered rule types: one line per {@link RuleKind}. The order is the order of
 * {@link RuleType#values()} and of the parameter fields in a rule's JSON. Immutable and
 * thread-safe.
 */
public final class RuleTypes {

    private static final List<RuleKind<?>> ALL = List.of(
            new RestrictedZoneRule(),
            new UnauthorizedEntryRule(),
            new DepthLimitRule(),
            new MaxDwellRule(),
            new SpeedLimitRule(),
            new ProximityRule(),
            new TelemetryGapRule(),
            new MinDepthRule());

    static {
        HashSet<RuleType> seen = new HashSet<>();
        for (RuleKind<?> kind : ALL) {
            if (!seen.add(kind.type())) {
                throw new ExceptionInInitializerError("rule type " + kind.type().wireName() + " registered twice");
            }
        }
    }

    private RuleTypes() {
    }

    /** Every registered type, in registration order. */
    public static List<RuleKind<?>> all() {
        return ALL;
    }

    /**
     * The kind of a registered type. A scan of a handful of entries by identity (types are
     * interned), cheaper than hashing; still, the engine keeps the kind it compiled instead.
     *
     * @throws IllegalArgumentException for a type not registered
     */
    public static RuleKind<?> of(RuleType type) {
        for (int i = 0, n = ALL.size(); i < n; i++) {
            RuleKind<?> kind = ALL.get(i);
            if (kind.type() == type) {
                return kind;
            }
        }
        for (RuleKind<?> kind : ALL) {
            if (kind.type().equals(type)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown rule type '" + (type == null ? null : type.wireName()) + "'");
    }

    /** The kind whose wire name is {@code wireName}, case-insensitive; empty for none (or null). */
    public static Optional<RuleKind<?>> find(String wireName) {
        if (wireName != null) {
            for (RuleKind<?> kind : ALL) {
                if (kind.type().wireName().equalsIgnoreCase(wireName)) {
                    return Optional.of(kind);
                }
            }
        }
        return Optional.empty();
    }
}
