package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Violation severity; {@link #wireName()} is the JSON value ({@code critical|warning|info}). */
public enum Severity {
    CRITICAL,
    WARNING,
    INFO;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException for an unknown name */
    @JsonCreator
    public static Severity fromWire(String value) {
        for (Severity s : values()) {
            if (s.wireName.equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + value + "'");
    }
}
