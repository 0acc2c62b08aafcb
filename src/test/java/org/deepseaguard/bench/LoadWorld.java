package org.deepseaguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.Zone;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * What the load generator posts at setup, as JSON of the public contract: the probe zone
 * {@code LOAD-CLOSED}, N synthetic zones (the JMH benchmarks' world, {@link BenchWorld#zones}) and
 * one rule of each common type.
 *
 * <p>{@code LOAD-CLOSED} is a closed area of 0.02° x 0.02° (about 2.2 km a side) centred at 105° W,
 * 10° N: east of the area the ordinary vehicles roam ({@link LoadFleet}: 160-110° W, 0-20° N), so
 * only probe fixes are ever in it.
 */
final class LoadWorld {

    static final String CLOSED_ZONE = "LOAD-CLOSED";
    static final String CRITICAL_RULE = "R-LOAD-CRIT";
    static final double CLOSED_LON = -105.0;
    static final double CLOSED_LAT = 10.0;
    static final double CLOSED_HALF = 0.01;
    static final int RULES = 6;

    /** Bytes per POST /zones body at most (the hub's default limit is 1 MB). */
    private static final int MAX_CHUNK_BYTES = 800_000;
    private static final int MAX_CHUNK_ZONES = 500;

    private LoadWorld() {
    }

    /**
     * FeatureCollections to post, in order: LOAD-CLOSED first, then the synthetic zones
     * {@code LOAD-Z00000}.. in chunks of at most 500 zones and 800 kB.
     */
    static List<byte[]> zoneChunks(ObjectMapper json, int synthetic, long seed) throws Exception {
        List<ObjectNode> features = new ArrayList<>();
        features.add(feature(json, CLOSED_ZONE, "load generator probe zone", "closed_area", null, new double[][] {
                {CLOSED_LON - CLOSED_HALF, CLOSED_LAT - CLOSED_HALF}, {CLOSED_LON + CLOSED_HALF, CLOSED_LAT - CLOSED_HALF},
                {CLOSED_LON + CLOSED_HALF, CLOSED_LAT + CLOSED_HALF}, {CLOSED_LON - CLOSED_HALF, CLOSED_LAT + CLOSED_HALF},
                {CLOSED_LON - CLOSED_HALF, CLOSED_LAT - CLOSED_HALF}}));
        for (Zone zone : BenchWorld.zones(synthetic, seed)) {
            Coordinate[] ring = ((Polygon) zone.geometry()).getExteriorRing().getCoordinates();
            double[][] coordinates = new double[ring.length][];
            for (int i = 0; i < ring.length; i++) {
                coordinates[i] = new double[] {ring[i].x, ring[i].y};
            }
            features.add(feature(json, "LOAD-" + zone.zoneId(), "load " + zone.name(), zone.zoneType().wireName(),
                    zone.contractId(), coordinates));
        }
        List<byte[]> chunks = new ArrayList<>();
        ArrayNode current = json.createArrayNode();
        int bytes = 0;
        for (ObjectNode feature : features) {
            int size = json.writeValueAsBytes(feature).length + 1;
            if (!current.isEmpty() && (current.size() == MAX_CHUNK_ZONES || bytes + size > MAX_CHUNK_BYTES)) {
                chunks.add(collection(json, current));
                current = json.createArrayNode();
                bytes = 0;
            }
            current.add(feature);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(collection(json, current));
        }
        return chunks;
    }

    /** The rules, one JSON array: a critical restricted zone on LOAD-CLOSED and five warnings. */
    static byte[] rules(ObjectMapper json) throws Exception {
        ArrayNode rules = json.createArrayNode();
        ObjectNode crit = rule(rules, CRITICAL_RULE, "restricted_zone", "critical");
        crit.putArray("zone_ids").add(CLOSED_ZONE);
        rule(rules, "R-LOAD-DEPTH", "depth_limit", "warning").put("max_depth", 6000);
        rule(rules, "R-LOAD-SPEED", "speed_limit", "warning").put("max_speed_mps", 5);
        ObjectNode prox = rule(rules, "R-LOAD-PROX", "proximity", "warning");
        prox.putArray("zone_types").add("apei");
        prox.put("min_distance_m", 2000);
        ObjectNode dwell = rule(rules, "R-LOAD-DWELL", "max_dwell", "warning");
        dwell.putArray("zone_types").add("preservation_reference_zone");
        dwell.put("max_dwell_seconds", 6 * 3600);
        rule(rules, "R-LOAD-GAP", "telemetry_gap", "warning").put("max_gap_seconds", 900);
        return json.writeValueAsBytes(rules);
    }

    private static ObjectNode rule(ArrayNode rules, String id, String type, String severity) {
        ObjectNode rule = rules.addObject();
        rule.put("rule_id", id);
        rule.put("type", type);
        rule.put("severity", severity);
        rule.put("description", "load generator");
        return rule;
    }

    private static ObjectNode feature(ObjectMapper json, String id, String name, String type, String contract,
                                      double[][] ring) {
        ObjectNode feature = json.createObjectNode();
        feature.put("type", "Feature");
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "Polygon");
        ArrayNode outer = geometry.putArray("coordinates").addArray();
        for (double[] c : ring) {
            outer.addArray().add(c[0]).add(c[1]);
        }
        ObjectNode properties = feature.putObject("properties");
        properties.put("zone_id", id);
        properties.put("name", name);
        properties.put("zone_type", type);
        if (contract != null) {
            properties.put("contract_id", contract);
        }
        properties.put("source", "deepseaguard load generator");
        return feature;
    }

    private static byte[] collection(ObjectMapper json, ArrayNode features) throws Exception {
        ObjectNode fc = json.createObjectNode();
        fc.put("type", "FeatureCollection");
        fc.set("features", features);
        return json.writeValueAsBytes(fc);
    }
}
