package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.deepseaguard.core.rules.RuleKind;
import org.deepseaguard.core.rules.RuleTypes;

/**
 * The name of a rule type of the catalogue (DESIGN section 5); {@link #wireName()} is the JSON value.
 *
 * <p>A value, not an enum: the types are the classes registered in {@link RuleTypes}, each naming
 * itself with {@link #named}; the constants below are the seven types of the original catalogue,
 * kept for the code that names them. Instances are interned (one per wire name), so {@code ==}
 * and {@link #equals} agree, also after Java deserialisation. Immutable and thread-safe.
 */
public final class RuleType implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Wire names fit the {@code rule_type} columns (VARCHAR(32)). */
    private static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private static final ConcurrentMap<String, RuleType> NAMED = new ConcurrentHashMap<>();

    public static final RuleType RESTRICTED_ZONE = named("restricted_zone");
    public static final RuleType UNAUTHORIZED_ENTRY = named("unauthorized_entry");
    public static final RuleType DEPTH_LIMIT = named("depth_limit");
    public static final RuleType MAX_DWELL = named("max_dwell");
    public static final RuleType SPEED_LIMIT = named("speed_limit");
    public static final RuleType PROXIMITY = named("proximity");
    public static final RuleType TELEMETRY_GAP = named("telemetry_gap");

    private final String wireName;

    private RuleType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The type called {@code wireName}, for the {@link RuleKind} that defines it. Whether such a
     * type is registered is not checked here: input is read with {@link #fromWire}.
     *
     * @throws IllegalArgumentException unless {@code wireName} is 1-32 of {@code [a-z0-9_]}, starting with a letter
     */
    public static RuleType named(String wireName) {
        if (wireName == null || !WIRE_NAME.matcher(wireName).matches()) {
            throw new IllegalArgumentException("a rule type name is 1-32 of [a-z0-9_], starting with a letter: '"
                    + wireName + "'");
        }
        return NAMED.computeIfAbsent(wireName, RuleType::new);
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The registered type of that name (case-insensitive).
     *
     * @throws IllegalArgumentException for a name no registered type has
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RuleType fromWire(String value) {
        return RuleTypes.find(value).map(RuleKind::type)
                .orElseThrow(() -> new IllegalArgumentException("unknown rule type '" + value + "'"));
    }

    /** The registered types, in registration order. */
    public static RuleType[] values() {
        List<RuleKind<?>> kinds = RuleTypes.all();
        RuleType[] types = new RuleType[kinds.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = kinds.get(i).type();
        }
        return types;
    }

    /** The constant-style name, e.g. {@code DEPTH_LIMIT} (what the enum this class replaced answered). */
    public String name() {
        return wireName.toUpperCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof RuleType other && wireName.equals(other.wireName);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    /** As {@link #name()}, so log lines read as they did when this was an enum. */
    @Override
    public String toString() {
        return name();
    }

    @Serial
    private Object readResolve() {
        return named(wireName);
    }
}
