package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The seven rule types of the catalogue (DESIGN section 5); {@link #wireName()} is the JSON value. */
public enum RuleType {
    RESTRICTED_ZONE,
    UNAUTHORIZED_ENTRY,
    DEPTH_LIMIT,
    MAX_DWELL,
    SPEED_LIMIT,
    PROXIMITY,
    TELEMETRY_GAP;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException for an unknown name */
    @JsonCreator
    public static RuleType fromWire(String value) {
        for (RuleType t : values()) {
            if (t.wireName.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown rule type '" + value + "'");
    }

    /** Stateless rules judge one fix alone; they are the only ones applied to late fixes. */
    public boolean isStateless() {
        return this == RESTRICTED_ZONE || this == UNAUTHORIZED_ENTRY || this == DEPTH_LIMIT;
    }
}
