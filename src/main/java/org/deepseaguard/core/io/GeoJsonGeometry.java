package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deepseaguard.core.model.InvalidInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON Polygon / MultiPolygon geometry objects to and from JTS, [longitude, latitude] order.
 * Reading checks the JSON structure only (types, nesting, closed rings of at least 4 positions;
 * a third ordinate, altitude, is ignored); coordinate ranges and topology are checked by
 * {@link org.deepseaguard.core.geo.ZoneGeometries#normalize}. Writing emits {@code type} and
 * {@code coordinates} (no {@code crs}), numbers exactly as stored. Stateless and thread-safe.
 */
final class GeoJsonGeometry {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GeoJsonGeometry() {
    }

    /** @throws InvalidInputException with field {@code geometry} */
    static Geometry read(JsonNode g) {
        if (g == null || g.isNull()) {
            throw invalid("is required");
        }
        JsonNode type = g.get("type");
        if (!g.isObject() || type == null || !type.isTextual()) {
            throw invalid("must be a GeoJSON geometry object with a type");
        }
        JsonNode coordinates = g.get("coordinates");
        switch (type.textValue()) {
            case "Polygon":
                return polygon(coordinates, "coordinates");
            case "MultiPolygon":
                Polygon[] polygons = new Polygon[array(coordinates, "coordinates", 1).size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(coordinates.get(i), "coordinates[" + i + "]");
                }
                return FACTORY.createMultiPolygon(polygons);
            default:
                throw invalid("type must be Polygon or MultiPolygon, not " + type.textValue());
        }
    }

    private static Polygon polygon(JsonNode rings, String path) {
        LinearRing[] r = new LinearRing[array(rings, path, 1).size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ring(rings.get(i), path + "[" + i + "]");
        }
        LinearRing[] holes = new LinearRing[r.length - 1];
        System.arraycopy(r, 1, holes, 0, holes.length);
        return FACTORY.createPolygon(r[0], holes);
    }

    private static LinearRing ring(JsonNode positions, String path) {
        array(positions, path, 0);
        if (positions.size() < 4) {
            throw invalid(path + ": a ring needs at least 4 positions, found " + positions.size());
        }
        Coordinate[] c = new Coordinate[positions.size()];
        for (int i = 0; i < c.length; i++) {
            JsonNode p = positions.get(i);
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw invalid(path + "[" + i + "]: must be a position [longitude, latitude] of numbers");
            }
            c[i] = new Coordinate(p.get(0).doubleValue(), p.get(1).doubleValue());
        }
        if (!c[0].equals2D(c[c.length - 1])) {
            throw invalid(path + ": ring is not closed (first and last positions differ)");
        }
        return FACTORY.createLinearRing(c);
    }

    private static JsonNode array(JsonNode node, String path, int minSize) {
        if (node == null || !node.isArray() || node.size() < minSize) {
            throw invalid(path + ": must be " + (minSize > 0 ? "a non-empty" : "an") + " array");
        }
        return node;
    }

    /** A Polygon or MultiPolygon as a GeoJSON geometry object. */
    static ObjectNode write(Geometry geometry) {
        ObjectNode g = JSON.objectNode();
        if (geometry instanceof Polygon polygon) {
            g.put("type", "Polygon");
            g.set("coordinates", rings(polygon));
        } else if (geometry instanceof MultiPolygon) {
            g.put("type", "MultiPolygon");
            ArrayNode polygons = g.putArray("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                polygons.add(rings((Polygon) geometry.getGeometryN(i)));
            }
        } else {
            throw new IllegalArgumentException("not a zone geometry: " + geometry.getGeometryType());
        }
        return g;
    }

    private static ArrayNode rings(Polygon polygon) {
        ArrayNode rings = JSON.arrayNode();
        rings.add(positions(polygon.getExteriorRing()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(positions(polygon.getInteriorRingN(i)));
        }
        return rings;
    }

    private static ArrayNode positions(LineString ring) {
        ArrayNode positions = JSON.arrayNode();
        for (Coordinate c : ring.getCoordinates()) {
            positions.addArray().add(c.x).add(c.y);
        }
        return positions;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("geometry", message);
    }
}
