package org.deepseaguard.core.io;

import org.deepseaguard.core.model.ZoneType;

/**
 * How to read a foreign GeoJSON file's properties as zone fields: which property holds the zone
 * id, the name and the contract id, and the zone type to give every feature that does not carry a
 * {@code zone_type} of its own. {@code null} means "use the native property name".
 * Immutable and thread-safe.
 */
public record PropertyMapping(String idProperty, String nameProperty, ZoneType zoneType, String contractIdProperty) {

    /** The native DeepSeaGuard properties ({@code zone_id}, {@code name}, {@code zone_type}, {@code contract_id}). */
    public static final PropertyMapping NATIVE = new PropertyMapping(null, null, null, null);
}
