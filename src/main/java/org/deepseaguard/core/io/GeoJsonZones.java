package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Zone;

/**
 * Reads and writes zones as GeoJSON (RFC 7946, [longitude, latitude] order).
 *
 * <p>Reading accepts a Feature or FeatureCollection of Polygon/MultiPolygon features, validates
 * every geometry (self-intersection is refused with its location, never repaired) and normalises
 * antimeridian-crossing zones (split, longitudes past ±180, or a ring jumping more than 180° of
 * longitude) into pieces inside [-180, 180]. Read zones have version 1. Stateless and thread-safe.
 */
public final class GeoJsonZones {

    private GeoJsonZones() {
    }

    /**
     * Reads every feature of a Feature or FeatureCollection.
     *
     * @throws InvalidInputException naming each bad feature/field (e.g. {@code features[3].geometry})
     */
    public static List<Zone> read(JsonNode featureOrCollection, PropertyMapping mapping) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A zone as a GeoJSON Feature with snake_case properties, {@code version} among them. */
    public static ObjectNode toFeature(Zone zone) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Zones as a GeoJSON FeatureCollection. */
    public static ObjectNode toFeatureCollection(Collection<Zone> zones) {
        throw new UnsupportedOperationException("TODO");
    }
}
