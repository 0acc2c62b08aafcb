package org.deepseaguard.core.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.core.rules.ParameterReader;
import org.deepseaguard.core.rules.RuleTypes;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Test fixtures: zones from WKT, rules with a builder, fixes at T0 + seconds. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    public static final String AUV = "AUV-001";

    private Fixtures() {
    }

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    public static Geometry wkt(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An axis-aligned box lon0..lon1 x lat0..lat1. */
    public static String box(double lon0, double lat0, double lon1, double lat1) {
        return "POLYGON((" + lon0 + " " + lat0 + ", " + lon1 + " " + lat0 + ", " + lon1 + " " + lat1 + ", "
                + lon0 + " " + lat1 + ", " + lon0 + " " + lat0 + "))";
    }

    public static Zone zone(String id, ZoneType type, String wkt) {
        return new Zone(id, id, type, null, null, List.of(), null, null, null, null, "test", wkt(wkt), 1);
    }

    public static Zone zone(String id, ZoneType type, Geometry geometry) {
        return new Zone(id, id, type, null, null, List.of(), null, null, null, null, "test", geometry, 1);
    }

    public static Zone withDepth(Zone z, Double min, Double max) {
        return new Zone(z.zoneId(), z.name(), z.zoneType(), z.contractId(), z.contractor(), z.authorizedAuvs(), min,
                max, z.validFrom(), z.validTo(), z.source(), z.geometry(), z.version());
    }

    public static Zone withValidity(Zone z, Instant from, Instant to) {
        return new Zone(z.zoneId(), z.name(), z.zoneType(), z.contractId(), z.contractor(), z.authorizedAuvs(),
                z.minDepth(), z.maxDepth(), from, to, z.source(), z.geometry(), z.version());
    }

    public static Zone withAccess(Zone z, String contractId, List<String> authorizedAuvs) {
        return new Zone(z.zoneId(), z.name(), z.zoneType(), contractId, z.contractor(), authorizedAuvs,
                z.minDepth(), z.maxDepth(), z.validFrom(), z.validTo(), z.source(), z.geometry(), z.version());
    }

    public static Telemetry fix(long seconds, double lon, double lat, double depth) {
        return Telemetry.of(AUV, at(seconds), lat, lon, depth);
    }

    public static Telemetry fix(long seconds, double lon, double lat, double depth, Double speed) {
        return new Telemetry(AUV, at(seconds), lat, lon, depth, null, speed, null, null);
    }

    public static RuleBuilder rule(String id, RuleType type) {
        return new RuleBuilder(id, type);
    }

    /** Builds a {@link Rule}; everything optional defaults to "none". */
    public static final class RuleBuilder {
        private final String id;
        private final RuleType type;
        private Severity severity = Severity.CRITICAL;
        private boolean enabled = true;
        private List<String> zoneIds = List.of();
        private List<ZoneType> zoneTypes = List.of();
        private List<String> auvIds = List.of();
        private Instant activeFrom;
        private Instant activeTo;
        private Double minDepth;
        private Double maxDepth;
        private Long maxDwell;
        private Double maxSpeed;
        private Double minDistance;
        private Long maxGap;
        private int version = 1;

        private RuleBuilder(String id, RuleType type) {
            this.id = id;
            this.type = type;
        }

        public RuleBuilder severity(Severity s) {
            severity = s;
            return this;
        }

        public RuleBuilder disabled() {
            enabled = false;
            return this;
        }

        public RuleBuilder zones(String... ids) {
            zoneIds = List.of(ids);
            return this;
        }

        public RuleBuilder zoneTypes(ZoneType... types) {
            zoneTypes = List.of(types);
            return this;
        }

        public RuleBuilder auvs(String... ids) {
            auvIds = List.of(ids);
            return this;
        }

        public RuleBuilder active(Instant from, Instant to) {
            activeFrom = from;
            activeTo = to;
            return this;
        }

        public RuleBuilder depth(Double min, Double max) {
            minDepth = min;
            maxDepth = max;
            return this;
        }

        public RuleBuilder maxDwell(long seconds) {
            maxDwell = seconds;
            return this;
        }

        public RuleBuilder maxSpeed(double mps) {
            maxSpeed = mps;
            return this;
        }

        public RuleBuilder minDistance(double metres) {
            minDistance = metres;
            return this;
        }

        public RuleBuilder maxGap(long seconds) {
            maxGap = seconds;
            return this;
        }

        public RuleBuilder version(int v) {
            version = v;
            return this;
        }

        public Rule build() {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("min_depth", minDepth);
            parameters.put("max_depth", maxDepth);
            parameters.put("max_dwell_seconds", maxDwell);
            parameters.put("max_speed_mps", maxSpeed);
            parameters.put("min_distance_m", minDistance);
            parameters.put("max_gap_seconds", maxGap);
            return new Rule(id, type, severity, null, enabled, zoneIds, zoneTypes, auvIds, activeFrom, activeTo,
                    RuleTypes.of(type).read(ParameterReader.of(parameters)), version);
        }
    }
}
