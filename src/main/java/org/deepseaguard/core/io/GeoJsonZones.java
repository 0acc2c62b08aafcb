package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.geo.ZoneGeometries;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.locationtech.jts.geom.Geometry;

/**
 * Reads and writes zones as GeoJSON (RFC 7946, [longitude, latitude] order, WGS 84 degrees,
 * depths in metres positive down, instants as ISO-8601 UTC strings).
 *
 * <p>Reading accepts a Feature or FeatureCollection of Polygon/MultiPolygon features, validates
 * every geometry (self-intersection is refused with its location, never repaired) and normalises
 * antimeridian-crossing zones (split, longitudes past ±180, or a ring jumping more than 180° of
 * longitude) into pieces inside [-180, 180] ({@link ZoneGeometries#normalize}); such a zone is
 * written back as the split MultiPolygon. Read zones have version 1 ({@code version} on input is
 * ignored, as are unknown properties). Reading is all-or-nothing: every error of every feature is
 * collected, with paths such as {@code features[3].properties.zone_id} or
 * {@code features[0].geometry} ({@code properties.zone_id}, {@code geometry} for a lone Feature),
 * then thrown together.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeoJsonZones {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonNode NO_PROPERTIES = JSON.objectNode();

    private GeoJsonZones() {
    }

    /**
     * Reads every feature of a Feature or FeatureCollection.
     *
     * <p>Native properties: {@code zone_id} (required, 1-128 of [A-Za-z0-9_.-]), {@code name},
     * {@code zone_type} (a wire name; absent means the mapping's type, else {@code custom}),
     * {@code contract_id}, {@code contractor}, {@code authorized_auvs} (array of vehicle ids),
     * {@code min_depth}, {@code max_depth} (numbers &gt;= 0, min &lt;= max), {@code valid_from},
     * {@code valid_to} (ISO-8601 with offset, from &lt; to), {@code source}; each may be null except
     * {@code zone_id}. The mapping names foreign properties to read instead of {@code zone_id},
     * {@code name} and {@code contract_id} (a mapped id property may also hold an integer).
     *
     * @param mapping {@link PropertyMapping#NATIVE} (or {@code null}) for DeepSeaGuard's own files
     * @throws InvalidInputException naming each bad feature/field; duplicate zone ids are errors
     */
    public static List<Zone> read(JsonNode featureOrCollection, PropertyMapping mapping) {
        PropertyMapping m = mapping == null ? PropertyMapping.NATIVE : mapping;
        List<FieldError> errors = new ArrayList<>();
        List<Zone> zones = new ArrayList<>();
        Map<String, String> firstPathOfId = new HashMap<>();
        JsonNode type = featureOrCollection == null ? null : featureOrCollection.get("type");
        String typeName = type != null && type.isTextual() ? type.textValue() : "";
        if (typeName.equals("Feature")) {
            readFeature(featureOrCollection, "", m, errors, zones, firstPathOfId);
        } else if (typeName.equals("FeatureCollection")) {
            JsonNode features = featureOrCollection.get("features");
            if (features == null || !features.isArray()) {
                errors.add(new FieldError("features", "must be an array of Features"));
            } else {
                for (int i = 0; i < features.size(); i++) {
                    JsonNode feature = features.get(i);
                    String prefix = "features[" + i + "].";
                    JsonNode featureType = feature.get("type");
                    if (!feature.isObject() || featureType == null || !"Feature".equals(featureType.asText())) {
                        errors.add(new FieldError(prefix + "type", "must be Feature"));
                    } else {
                        readFeature(feature, prefix, m, errors, zones, firstPathOfId);
                    }
                }
            }
        } else {
            errors.add(new FieldError("type", "must be Feature or FeatureCollection"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return List.copyOf(zones);
    }

    private static void readFeature(JsonNode feature, String prefix, PropertyMapping m, List<FieldError> errors,
                                    List<Zone> zones, Map<String, String> firstPathOfId) {
        int errorsBefore = errors.size();
        JsonNode properties = feature.get("properties");
        if (properties == null || properties.isNull()) {
            properties = NO_PROPERTIES;
        } else if (!properties.isObject()) {
            errors.add(new FieldError(prefix + "properties", "must be an object"));
            properties = NO_PROPERTIES;
        }
        JsonFields p = new JsonFields(properties, prefix + "properties.", errors);

        String idKey = m.idProperty() == null ? "zone_id" : m.idProperty();
        String zoneId = zoneId(p, idKey, m.idProperty() != null);
        if (zoneId != null) {
            String earlier = firstPathOfId.putIfAbsent(zoneId, prefix + "properties." + idKey);
            if (earlier != null) {
                p.error(idKey, "duplicate zone id '" + zoneId + "' (also at " + earlier + ")");
            }
        }
        String name = p.text(m.nameProperty() == null ? "name" : m.nameProperty(), false);
        ZoneType zoneType = zoneType(p, m.zoneType());
        String contractId = p.text(m.contractIdProperty() == null ? "contract_id" : m.contractIdProperty(), false);
        String contractor = p.text("contractor", false);
        List<String> authorizedAuvs = vehicleIds(p, "authorized_auvs");
        Double minDepth = p.number("min_depth", false, 0, Double.POSITIVE_INFINITY);
        Double maxDepth = p.number("max_depth", false, 0, Double.POSITIVE_INFINITY);
        if (minDepth != null && maxDepth != null && minDepth > maxDepth) {
            p.error("max_depth", "must be >= min_depth");
        }
        Instant validFrom = p.instant("valid_from", false);
        Instant validTo = p.instant("valid_to", false);
        if (validFrom != null && validTo != null && !validFrom.isBefore(validTo)) {
            p.error("valid_to", "must be after valid_from");
        }
        String source = p.text("source", false);

        Geometry geometry = null;
        try {
            geometry = ZoneGeometries.normalize(GeoJsonGeometry.read(feature.get("geometry")));
        } catch (InvalidInputException e) {
            for (FieldError error : e.errors()) {
                errors.add(new FieldError(prefix + error.field(), error.message()));
            }
        }
        if (errors.size() == errorsBefore) {
            zones.add(new Zone(zoneId, name, zoneType, contractId, contractor, authorizedAuvs, minDepth, maxDepth,
                    validFrom, validTo, source, geometry, 1));
        }
    }

    private static String zoneId(JsonFields p, String key, boolean integerAllowed) {
        JsonNode v = p.value(key, false);
        if (integerAllowed && v != null && v.isIntegralNumber()) {
            return p.checkIdentifier(key, v.asText(), 128);
        }
        return p.identifier(key, 128, true);
    }

    private static ZoneType zoneType(JsonFields p, ZoneType fallback) {
        String wire = p.text("zone_type", false);
        if (wire == null) {
            return fallback == null ? ZoneType.CUSTOM : fallback;
        }
        try {
            return ZoneType.fromWire(wire);
        } catch (IllegalArgumentException e) {
            p.error("zone_type", "unknown zone type '" + wire + "'; expected one of " + wireNames());
            return null;
        }
    }

    private static String wireNames() {
        StringBuilder names = new StringBuilder();
        for (ZoneType t : ZoneType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(t.wireName());
        }
        return names.toString();
    }

    private static List<String> vehicleIds(JsonFields p, String field) {
        JsonNode v = p.value(field, false);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            p.error(field, "must be an array of vehicle ids");
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode id = v.get(i);
            String element = field + "[" + i + "]";
            if (!id.isTextual()) {
                p.error(element, "must be a string");
            } else if (p.checkIdentifier(element, id.textValue(), 64) != null) {
                ids.add(id.textValue());
            }
        }
        return ids;
    }

    /** A zone as a GeoJSON Feature with snake_case properties, {@code version} among them; nulls written as null. */
    public static ObjectNode toFeature(Zone zone) {
        ObjectNode feature = JSON.objectNode();
        feature.put("type", "Feature");
        feature.set("geometry", GeoJsonGeometry.write(zone.geometry()));
        ObjectNode p = feature.putObject("properties");
        p.put("zone_id", zone.zoneId());
        p.put("name", zone.name());
        p.put("zone_type", zone.zoneType().wireName());
        p.put("contract_id", zone.contractId());
        p.put("contractor", zone.contractor());
        ArrayNode auvs = p.putArray("authorized_auvs");
        zone.authorizedAuvs().forEach(auvs::add);
        p.put("min_depth", zone.minDepth());
        p.put("max_depth", zone.maxDepth());
        p.put("valid_from", zone.validFrom() == null ? null : zone.validFrom().toString());
        p.put("valid_to", zone.validTo() == null ? null : zone.validTo().toString());
        p.put("source", zone.source());
        p.put("version", zone.version());
        return feature;
    }

    /** Zones as a GeoJSON FeatureCollection, in the order given. */
    public static ObjectNode toFeatureCollection(Collection<Zone> zones) {
        ObjectNode collection = JSON.objectNode();
        collection.put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        for (Zone zone : zones) {
            features.add(toFeature(zone));
        }
        return collection;
    }
}
