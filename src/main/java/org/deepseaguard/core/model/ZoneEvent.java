package org.deepseaguard.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/**
 * A vehicle entering or leaving a zone, stamped with the event time of the fix that showed it.
 * Coordinates are WGS 84 degrees, depth metres positive down. Immutable and thread-safe.
 */
public record ZoneEvent(String eventId, Type type, String auvId, String zoneId, Instant timestamp,
                        double latitude, double longitude, double depth) {

    /** Event kinds; the JSON value is {@code zone_entry} or {@code zone_exit}. */
    public enum Type {
        ZONE_ENTRY,
        ZONE_EXIT;

        @JsonValue
        public String wireName() {
            return this == ZONE_ENTRY ? "zone_entry" : "zone_exit";
        }

        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wireName().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown event type '" + value + "'");
        }
    }
}
