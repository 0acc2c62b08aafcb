package org.deepseaguard.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.core.rules.DepthLimitRule;
import org.deepseaguard.core.rules.MaxDwellRule;
import org.deepseaguard.core.rules.NoParameters;
import org.deepseaguard.core.rules.ProximityRule;
import org.deepseaguard.core.rules.SpeedLimitRule;
import org.deepseaguard.core.rules.TelemetryGapRule;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * A synthetic but realistic world for the benchmarks: zones shaped and sized like ISA contract
 * areas and APEIs, a rule set with all seven rule types, and a fleet.
 *
 * <p>Zones are star-shaped polygons (so never self-intersecting) with 16 to 256 vertices, 50 to
 * 400 km across (log-uniform), centred uniformly over a Pacific-sized region (longitude -175 to
 * -75, latitude -35 to 35, about 100 million km²). Types: 60 % contract areas (with contract ids),
 * 15 % APEIs, 10 % preservation and 10 % impact reference zones, 5 % closed areas. Deterministic
 * for a given seed.
 */
final class BenchWorld {

    static final double LON_MIN = -175;
    static final double LON_MAX = -75;
    static final double LAT_MIN = -35;
    static final double LAT_MAX = 35;
    static final int CONTRACTS = 40;

    private BenchWorld() {
    }

    static List<Zone> zones(int count, long seed) {
        Random random = new Random(seed);
        GeometryFactory factory = new GeometryFactory();
        List<Zone> zones = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double lon = LON_MIN + random.nextDouble() * (LON_MAX - LON_MIN);
            double lat = LAT_MIN + random.nextDouble() * (LAT_MAX - LAT_MIN);
            double diameterKm = 50 * Math.pow(8, random.nextDouble());
            int vertices = 16 + random.nextInt(241);
            Polygon polygon = star(factory, random, lon, lat, diameterKm / 2, vertices);
            double kind = random.nextDouble();
            ZoneType type = kind < 0.60 ? ZoneType.CONTRACT_AREA
                    : kind < 0.75 ? ZoneType.APEI
                    : kind < 0.85 ? ZoneType.PRESERVATION_REFERENCE_ZONE
                    : kind < 0.95 ? ZoneType.IMPACT_REFERENCE_ZONE
                    : ZoneType.CLOSED_AREA;
            String contract = type == ZoneType.CONTRACT_AREA ? "C" + random.nextInt(CONTRACTS) : null;
            zones.add(new Zone(String.format("Z%05d", i), "zone " + i, type, contract, null, List.of(), null, null,
                    null, null, "bench", polygon, 1));
        }
        return zones;
    }

    /** A star-shaped polygon: vertices at increasing angles, each at a random radius (40-100 %). */
    private static Polygon star(GeometryFactory factory, Random random, double lon, double lat, double radiusKm,
                                int vertices) {
        Coordinate[] ring = new Coordinate[vertices + 1];
        double kmPerDegLat = 111.32;
        double kmPerDegLon = 111.32 * Math.cos(Math.toRadians(lat));
        for (int v = 0; v < vertices; v++) {
            double angle = 2 * Math.PI * (v + 0.8 * random.nextDouble()) / vertices;
            double r = radiusKm * (0.4 + 0.6 * random.nextDouble());
            ring[v] = new Coordinate(lon + r * Math.cos(angle) / kmPerDegLon, lat + r * Math.sin(angle) / kmPerDegLat);
        }
        ring[vertices] = ring[0];
        return factory.createPolygon(ring);
    }

    /**
     * {@code all}: {@link #rules()}; {@code none}; {@code no-X+Y}: all but the rule types X, Y
     * (wire names), e.g. {@code no-proximity}.
     */
    static List<Rule> rules(String which) {
        if (which.equals("all")) {
            return rules();
        }
        if (which.equals("none")) {
            return List.of();
        }
        List<RuleType> without = java.util.Arrays.stream(which.substring(3).split("\\+"))
                .map(RuleType::fromWire).toList();
        return rules().stream().filter(r -> !without.contains(r.type())).toList();
    }

    /** All seven rule types, scoped the way a regulator would. */
    static List<Rule> rules() {
        return List.of(
                rule("R-APEI", RuleType.RESTRICTED_ZONE, Severity.CRITICAL, List.of(ZoneType.APEI)),
                rule("R-CLOSED", RuleType.RESTRICTED_ZONE, Severity.CRITICAL, List.of(ZoneType.CLOSED_AREA)),
                rule("R-AUTH", RuleType.UNAUTHORIZED_ENTRY, Severity.CRITICAL, List.of(ZoneType.CONTRACT_AREA)),
                new Rule("R-DEPTH", RuleType.DEPTH_LIMIT, Severity.WARNING, null, true, null, null, null, null, null,
                        new DepthLimitRule.Params(null, 6000.0), 1),
                new Rule("R-DWELL", RuleType.MAX_DWELL, Severity.WARNING, null, true, null,
                        List.of(ZoneType.PRESERVATION_REFERENCE_ZONE), null, null, null,
                        new MaxDwellRule.Params(6L * 3600), 1),
                new Rule("R-SPEED", RuleType.SPEED_LIMIT, Severity.WARNING, null, true, null, null, null, null, null,
                        new SpeedLimitRule.Params(2.5), 1),
                new Rule("R-PROX", RuleType.PROXIMITY, Severity.WARNING, null, true, null, List.of(ZoneType.APEI),
                        null, null, null, new ProximityRule.Params(2000.0), 1),
                new Rule("R-GAP", RuleType.TELEMETRY_GAP, Severity.WARNING, null, true, null, null, null, null, null,
                        new TelemetryGapRule.Params(900L), 1));
    }

    private static Rule rule(String id, RuleType type, Severity severity, List<ZoneType> zoneTypes) {
        return new Rule(id, type, severity, null, true, null, zoneTypes, null, null, null, NoParameters.NONE, 1);
    }

    static Vehicle vehicle(int i) {
        return new Vehicle(auvId(i), "AUV " + i, "bench", List.of("C" + (i % CONTRACTS)), 2.5, 6000.0);
    }

    static String auvId(int i) {
        return String.format("AUV-%04d", i);
    }

    static final Instant START = Instant.parse("2026-11-27T00:00:00Z");
}
