package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The gate may only say "no" when the index would find nothing: compared with the real
 * {@code near} and {@code crossedBy} around the boundaries of random star-shaped zones, at low and
 * high latitudes.
 */
class ScopedZonesTest {

    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private static List<Zone> starZones(Random random, double latCentre) {
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double lon = -120 + random.nextDouble() * 6;
            double lat = latCentre + random.nextDouble() * 6;
            int n = 8 + random.nextInt(40);
            Coordinate[] ring = new Coordinate[n + 1];
            double radiusDeg = 0.1 + random.nextDouble() * 0.5;
            for (int v = 0; v < n; v++) {
                double a = 2 * Math.PI * (v + 0.8 * random.nextDouble()) / n;
                double r = radiusDeg * (0.4 + 0.6 * random.nextDouble());
                ring[v] = new Coordinate(lon + r * Math.cos(a) / Math.cos(Math.toRadians(lat)), lat + r * Math.sin(a));
            }
            ring[n] = ring[0];
            zones.add(Fixtures.zone(String.format("S%02d", i), ZoneType.APEI, GEOMETRIES.createPolygon(ring)));
        }
        return zones;
    }

    private static Map<String, Boolean> ids(List<Zone> zones) {
        Map<String, Boolean> m = new HashMap<>();
        zones.forEach(z -> m.put(z.zoneId(), true));
        return m;
    }

    @Test
    void planarSegmentDistanceAgreesWithJts() {
        Random random = new Random(5);
        for (int k = 0; k < 20_000; k++) {
            double[] c = new double[8];
            for (int i = 0; i < 8; i++) {
                c[i] = random.nextDouble() * (k % 2 == 0 ? 1 : 0.01);
            }
            if (k % 7 == 0) { // degenerate: a point
                c[2] = c[0];
                c[3] = c[1];
            }
            double d = random.nextDouble() * 0.05;
            double jts = GEOMETRIES.createLineString(new Coordinate[] {new Coordinate(c[0], c[1]),
                    new Coordinate(c[2], c[3])}).distance(GEOMETRIES.createLineString(new Coordinate[] {
                    new Coordinate(c[4], c[5]), new Coordinate(c[6], c[7])}));
            if (Math.abs(jts - d) > 1e-12) {
                assertThat(ScopedZones.segmentsWithin(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], d * d))
                        .as("%s within %s (JTS %s)", java.util.Arrays.toString(c), d, jts).isEqualTo(jts <= d);
            }
        }
    }

    @Test
    void saysNoOnlyWhenNearAndCrossedByFindNothingInScope() {
        for (double latCentre : new double[] {8, 55, 72}) {
            Random random = new Random(3 + (long) latCentre);
            List<Zone> zones = starZones(random, latCentre);
            ZoneIndex index = ZoneIndex.of(zones);
            List<Zone> scoped = zones.subList(0, 20); // the last ten are out of scope
            ScopedZones gate = new ScopedZones(scoped);
            int nearSaidNo = 0;
            int crossSaidNo = 0;
            for (int k = 0; k < 1500; k++) {
                Zone around = zones.get(random.nextInt(zones.size()));
                Coordinate[] ring = around.geometry().getCoordinates();
                Coordinate v = ring[random.nextInt(ring.length)];
                double lon = v.x + (random.nextDouble() - 0.5) * 0.1;
                double lat = v.y + (random.nextDouble() - 0.5) * 0.05;
                double radius = 200 + random.nextDouble() * 4000;
                List<Zone> covering = index.covering(lon, lat);
                if (!gate.mayBeNear(lon, lat, radius, covering)) {
                    nearSaidNo++;
                    assertThat(index.near(lon, lat, radius)).as("near %s %s %s", lon, lat, radius)
                            .noneMatch(d -> scoped.contains(d.zone()));
                }
                double lon2 = lon + (random.nextDouble() - 0.5) * 0.2;
                double lat2 = lat + (random.nextDouble() - 0.5) * 0.1;
                List<Zone> covering2 = index.covering(lon2, lat2);
                if (!gate.mayBeCrossed(lon, lat, lon2, lat2, ids(covering), ids(covering2), covering2)) {
                    crossSaidNo++;
                    assertThat(index.crossedBy(lon, lat, lon2, lat2)).as("crossed %s %s %s %s", lon, lat, lon2, lat2)
                            .noneMatch(c -> scoped.contains(c.zone()) && !covering.contains(c.zone())
                                    && !covering2.contains(c.zone()));
                }
            }
            assertThat(nearSaidNo).as("the gate is useful").isGreaterThan(300);
            assertThat(crossSaidNo).isGreaterThan(300);
        }
    }
}
