package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of zone of the public contract; {@link #wireName()} is the snake_case JSON value. */
public enum ZoneType {
    CONTRACT_AREA,
    APEI,
    PRESERVATION_REFERENCE_ZONE,
    IMPACT_REFERENCE_ZONE,
    RESERVED_AREA,
    CLOSED_AREA,
    MARINE_PROTECTED_AREA,
    SAFETY_ZONE,
    CUSTOM;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static ZoneType fromWire(String value) {
        for (ZoneType t : values()) {
            if (t.wireName.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown zone_type '" + value + "'");
    }
}
