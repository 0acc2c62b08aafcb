package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.geo.ZoneIndex.ZoneDistance;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.core.rules.FixContext;
import org.deepseaguard.core.rules.ProximityRule;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The engine decides proximity from bounds where it can ({@code ZoneIndex.within}) and measures
 * exactly only where a smaller limit or a new episode's message needs it: along a long walk around
 * zone boundaries its proximity episodes are exactly those the exact distances give, and every
 * opening message states the exact distance.
 */
class ProximityDecisionTest {

    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    @Test
    void sameEpisodesAndMessagesAsExactDistances() {
        Random random = new Random(17);
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double lon = -118 + random.nextDouble() * 2;
            double lat = 10 + random.nextDouble() * 2;
            int n = 8 + random.nextInt(60);
            Coordinate[] ring = new Coordinate[n + 1];
            double radius = 0.05 + random.nextDouble() * 0.2;
            for (int v = 0; v < n; v++) {
                double a = 2 * Math.PI * (v + 0.8 * random.nextDouble()) / n;
                double r = radius * (0.4 + 0.6 * random.nextDouble());
                ring[v] = new Coordinate(lon + r * Math.cos(a), lat + r * Math.sin(a));
            }
            ring[n] = ring[0];
            zones.add(Fixtures.zone(String.format("Z%02d", i), i % 3 == 2 ? ZoneType.CONTRACT_AREA : ZoneType.APEI,
                    GEOMETRIES.createPolygon(ring)));
        }
        // one wide limit on every APEI, a narrower one on a few zones (the exact path decides those)
        List<Rule> rules = List.of(
                rule("R-PROX", RuleType.PROXIMITY).zoneTypes(ZoneType.APEI).minDistance(3000).build(),
                rule("R-PROX-NARROW", RuleType.PROXIMITY).zones("Z00", "Z01", "Z03", "Z04").minDistance(1200).build());
        ComplianceEngine engine = new ComplianceEngine(zones, rules);
        ZoneIndex index = engine.zoneIndex();

        VehicleState state = VehicleState.initial(Fixtures.AUV);
        double lon = -117;
        double lat = 11;
        double heading = 0;
        int opened = 0;
        int continued = 0;
        for (int k = 1; k <= 4000; k++) {
            heading += (random.nextDouble() - 0.5) * 1.2;
            GeodesicData step = Geodesic.WGS84.Direct(lat, lon, Math.toDegrees(heading), 400);
            lon = Math.max(-118.3, Math.min(-115.7, step.lon2));
            lat = Math.max(9.7, Math.min(12.3, step.lat2));
            Telemetry fix = fix(60L * k, lon, lat, 4000);
            Evaluation e = engine.evaluate(state, fix, null, null);

            Set<String> expected = new TreeSet<>();
            for (Rule r : rules) {
                for (ZoneDistance d : index.near(lon, lat, new ProximityRule().parametersOf(r).minDistanceM())) {
                    if (r.coversZone(d.zone()) && d.zone().isValidAt(fix.timestamp())) {
                        expected.add(ComplianceEngine.episodeKey(r.ruleId(), d.zone().zoneId()));
                    }
                }
            }
            Set<String> actual = new TreeSet<>();
            for (Violation v : e.opened()) {
                actual.add(ComplianceEngine.episodeKey(v.ruleId(), v.zoneId()));
                Rule r = rules.stream().filter(x -> x.ruleId().equals(v.ruleId())).findFirst().orElseThrow();
                FixContext exact = new FixContext(fix, null, null, Map.of());
                exact.setNear(index.near(lon, lat, 3000));
                assertThat(v.message()).isEqualTo(new ProximityRule().describe(r, index.get(v.zoneId()).orElseThrow(),
                        exact));
                opened++;
            }
            for (Violation v : e.continued()) {
                actual.add(ComplianceEngine.episodeKey(v.ruleId(), v.zoneId()));
                continued++;
            }
            assertThat(actual).as("fix %d at (%s, %s)", k, lon, lat).isEqualTo(expected);
            state = e.state();
        }
        assertThat(opened).as("episodes opened").isGreaterThan(20);
        assertThat(continued).as("episodes continued (decided from bounds)").isGreaterThan(100);
    }

    @Test
    void withinListsTheZonesNearListsWithBoundsAtLeastTheirDistance() {
        List<Zone> zones = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            double lon = -118 + random.nextDouble();
            double lat = 10 + random.nextDouble();
            zones.add(Fixtures.zone("B" + i, ZoneType.APEI,
                    Fixtures.box(lon, lat, lon + 0.05 + random.nextDouble() * 0.2, lat + 0.05 + random.nextDouble() * 0.2)));
        }
        ZoneIndex index = ZoneIndex.of(zones);
        for (int k = 0; k < 2000; k++) {
            double lon = -118.1 + random.nextDouble() * 1.4;
            double lat = 9.9 + random.nextDouble() * 1.4;
            double limit = 100 + random.nextDouble() * 8000;
            List<ZoneDistance> near = index.near(lon, lat, limit);
            List<ZoneIndex.ZoneWithin> within = index.within(lon, lat, limit, z -> true);
            assertThat(within).extracting(ZoneIndex.ZoneWithin::zone).containsExactlyElementsOf(
                    near.stream().map(ZoneDistance::zone).toList());
            for (int i = 0; i < near.size(); i++) {
                assertThat(within.get(i).upperBoundMetres()).isLessThan(limit)
                        .isGreaterThanOrEqualTo(near.get(i).distanceMetres());
            }
        }
    }
}
