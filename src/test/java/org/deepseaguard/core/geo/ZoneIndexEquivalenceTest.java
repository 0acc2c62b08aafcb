package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.geo.GeodesyTest.moved;
import static org.deepseaguard.core.geo.TestZones.wkt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * The fast paths of {@link ZoneIndex} ({@code covering}: grid + rasters; {@code near}: edge
 * pruning before geodesics) against the exact slow paths they replaced, answer for answer:
 * {@code covering} against JTS's point-in-area locator on every part, {@code near} and
 * {@link Geodesy#distanceToBoundary} against the previous search (a geodesic to every vertex,
 * edges refined in order of the triangle bound), distances compared for equality.
 */
class ZoneIndexEquivalenceTest {

    static List<Zone> zones;
    static ZoneIndex index;
    /** Per zone, JTS's locator for each of its polygons. */
    static Map<Zone, List<IndexedPointInAreaLocator>> locators = new IdentityHashMap<>();

    @BeforeAll
    static void world() {
        Random random = new Random(11);
        zones = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double x = -120 + random.nextDouble() * 12;
            double y = 5 + random.nextDouble() * 8;
            double radius = 0.1 + random.nextDouble() * random.nextDouble() * 1.5;
            Geometry g = RasterPointLocatorTest.star(random, x, y, radius, 16 + random.nextInt(112), i % 5 == 0);
            if (i % 7 == 0) { // a zone of two polygons
                Polygon other = RasterPointLocatorTest.star(random, x + 3 * radius, y, radius / 2, 24, false);
                g = g.getFactory().createMultiPolygon(new Polygon[] {(Polygon) g, other});
            }
            zones.add(zone(String.format("Z%03d", i), g));
        }
        // across the antimeridian (stored split), and edges exactly along parallels and meridians
        zones.add(zone("AM", wkt("POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))")));
        zones.add(zone("AM2", wkt("POLYGON ((179.5 -0.5, 180.5 -0.5, 180.5 1.5, 179.5 1.5, 179.5 -0.5))")));
        zones.add(zone("BOX", wkt("POLYGON ((-117.5 10.2, -117.15 10.2, -117.15 10.6, -117.5 10.6, -117.5 10.2))")));
        index = ZoneIndex.of(zones);
        for (Zone zone : zones) {
            List<IndexedPointInAreaLocator> parts = new ArrayList<>();
            for (int i = 0; i < zone.geometry().getNumGeometries(); i++) {
                parts.add(new IndexedPointInAreaLocator(zone.geometry().getGeometryN(i)));
            }
            locators.put(zone, parts);
        }
    }

    private static Zone zone(String id, Geometry g) {
        return new Zone(id, id, ZoneType.CUSTOM, null, null, null, null, null, null, null, "test",
                ZoneGeometries.normalize(g), 1);
    }

    // ---------------------------------------------------------------- slow paths

    private static boolean coversSlowly(Zone zone, double x, double y) {
        if (!zone.geometry().getEnvelopeInternal().covers(x, y)) {
            return false; // (the locator says EXTERIOR too, only slower)
        }
        for (IndexedPointInAreaLocator locator : locators.get(zone)) {
            if (locator.locate(new Coordinate(x, y)) != Location.EXTERIOR) {
                return true;
            }
        }
        return false;
    }

    private static List<String> coveringSlowly(double x, double y) {
        return zones.stream().filter(z -> coversSlowly(z, x, y)).map(Zone::zoneId).sorted().toList();
    }

    /** The boundary distance as it was computed before edge pruning (every vertex, then edges by triangle bound). */
    static double distanceSlowly(double lon, double lat, Geometry polygonal, double limit) {
        boolean east = false;
        boolean west = false;
        for (Coordinate c : polygonal.getCoordinates()) {
            east |= c.x == 180;
            west |= c.x == -180;
        }
        double best = limit;
        for (int i = 0; i < polygonal.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) polygonal.getGeometryN(i);
            best = ringSlowly(lon, lat, polygon.getExteriorRing(), east && west, best);
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                best = ringSlowly(lon, lat, polygon.getInteriorRingN(h), east && west, best);
            }
        }
        return best;
    }

    private static double ringSlowly(double lon, double lat, LineString ring, boolean split, double best) {
        Coordinate[] c = ring.getCoordinates();
        int n = c.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Geodesy.distance(lon, lat, c[i].x, c[i].y);
        }
        double[] lowerBound = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            boolean seam = split && Math.abs(c[i].x) == 180 && c[i].x == c[i + 1].x;
            lowerBound[i] = seam ? Double.POSITIVE_INFINITY
                    : (d[i] + d[i + 1] - edgeLengthBound(c[i].x, c[i].y, c[i + 1].x, c[i + 1].y)) / 2;
        }
        while (true) {
            int next = -1;
            for (int i = 0; i < n - 1; i++) {
                if (lowerBound[i] < best && (next < 0 || lowerBound[i] < lowerBound[next])) {
                    next = i;
                }
            }
            if (next < 0) {
                return best;
            }
            best = Math.min(best, Geodesy.edgeDistance(lon, lat, c[next].x, c[next].y, c[next + 1].x, c[next + 1].y,
                    d[next], d[next + 1]));
            lowerBound[next] = Double.POSITIVE_INFINITY;
        }
    }

    private static double edgeLengthBound(double ax, double ay, double bx, double by) {
        double dLat = Math.toRadians(Math.abs(by - ay));
        double dLon = Math.toRadians(Math.abs(bx - ax));
        double latNearestEquator = ay * by <= 0 ? 0 : Math.min(Math.abs(ay), Math.abs(by));
        double east = dLon * Math.cos(Math.toRadians(latNearestEquator));
        return 6_378_137.0 / (1 - 1 / 298.257223563) * Math.hypot(dLat, east);
    }

    private static List<String> nearSlowly(double lon, double lat, double limit) {
        List<String> found = new ArrayList<>();
        for (Zone zone : zones) {
            // zones more than a generous window away (|lat| < 60 here: 50 km per degree) are not measured
            double margin = limit / 50_000 + 0.01;
            var env = zone.geometry().getEnvelopeInternal();
            if (!(env.getMinX() - margin <= lon && lon <= env.getMaxX() + margin
                    && env.getMinY() - margin <= lat && lat <= env.getMaxY() + margin)
                    && !zone.zoneId().startsWith("AM")) {
                continue;
            }
            if (!coversSlowly(zone, lon, lat)) {
                double d = distanceSlowly(lon, lat, zone.geometry(), limit);
                if (d < limit) {
                    found.add(zone.zoneId() + "=" + d);
                }
            }
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    // ---------------------------------------------------------------- the comparisons

    @Test
    void coveringMatchesTheLocatorOnEveryPart() {
        Random random = new Random(1);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            points.add(new double[] {-121 + random.nextDouble() * 15, 4 + random.nextDouble() * 10});
        }
        for (double[] p : new double[][] {{180, 0}, {-180, 0}, {180, 1}, {-180, -1}, {179.5, 1.5}, {-179.5, -0.5},
            {-179, 1}, {179, -1}, {180, 1.5}, {-180, 1.5000001}}) {
            points.add(p);
        }
        for (Zone zone : zones) {
            Coordinate[] c = zone.geometry().getCoordinates();
            for (int i = 0; i < c.length; i++) {
                points.add(new double[] {c[i].x, c[i].y});
                points.add(new double[] {Math.nextUp(c[i].x), Math.nextDown(c[i].y)});
                if (i + 1 < c.length) {
                    points.add(new double[] {(c[i].x + c[i + 1].x) / 2, (c[i].y + c[i + 1].y) / 2});
                }
            }
        }
        for (double[] p : points) {
            List<String> fast = index.covering(p[0], p[1]).stream().map(Zone::zoneId).toList();
            assertThat(fast).as("(%s, %s)", p[0], p[1]).isEqualTo(coveringSlowly(p[0], p[1]));
        }
    }

    @Test
    void nearMatchesThePreviousSearchExactly() {
        Random random = new Random(2);
        int near = 0;
        for (int i = 0; i < 400; i++) {
            Zone zone = zones.get(random.nextInt(zones.size()));
            Coordinate[] c = zone.geometry().getCoordinates();
            int v = random.nextInt(c.length - 1);
            // off a vertex or off a point along an edge, up to 6 km away in any direction
            double t = i % 2 == 0 ? 0 : random.nextDouble();
            double[] p = moved(c[v].x + t * (c[v + 1].x - c[v].x), c[v].y + t * (c[v + 1].y - c[v].y),
                    random.nextDouble() * 360, random.nextDouble() * 6000);
            for (double limit : new double[] {500, 2000, 20_000}) {
                List<String> fast = index.near(p[0], p[1], limit).stream()
                        .map(d -> d.zone().zoneId() + "=" + d.distanceMetres()).toList();
                assertThat(fast).as("(%s, %s) within %s m", p[0], p[1], limit).isEqualTo(nearSlowly(p[0], p[1], limit));
                near += fast.size();
            }
        }
        assertThat(near).as("zones were found near").isGreaterThan(400);
    }

    @Test
    void nearTheAntimeridianMatches() {
        for (double[] p : new double[][] {{-179.99, 0}, {179.99, 1.2}, {-178.99, 0.5}, {180, 1.01}, {-180, -1.005},
            {178.999, -1}}) {
            for (double limit : new double[] {2000, 20_000}) {
                List<String> fast = index.near(p[0], p[1], limit).stream()
                        .map(d -> d.zone().zoneId() + "=" + d.distanceMetres()).toList();
                assertThat(fast).as("(%s, %s) within %s m", p[0], p[1], limit).isEqualTo(nearSlowly(p[0], p[1], limit));
            }
        }
    }

    @Test
    void filteredNearIsTheUnfilteredOneFiltered() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double x = -121 + random.nextDouble() * 15;
            double y = 4 + random.nextDouble() * 10;
            List<ZoneIndex.ZoneDistance> all = index.near(x, y, 20_000);
            assertThat(index.near(x, y, 20_000, z -> z.zoneId().hashCode() % 3 == 0))
                    .isEqualTo(all.stream().filter(d -> d.zone().zoneId().hashCode() % 3 == 0).toList());
        }
    }

    @Test
    void filteredCrossedByIsTheUnfilteredOneFiltered() {
        Random random = new Random(6);
        int crossed = 0;
        for (int i = 0; i < 300; i++) {
            double x = -121 + random.nextDouble() * 15;
            double y = 4 + random.nextDouble() * 10;
            double[] to = moved(x, y, random.nextDouble() * 360, 2000 + random.nextDouble() * 30_000);
            List<ZoneIndex.ZoneCrossing> all = index.crossedBy(x, y, to[0], to[1]);
            crossed += all.size();
            assertThat(index.crossedBy(x, y, to[0], to[1], z -> z.zoneId().hashCode() % 2 == 0))
                    .isEqualTo(all.stream().filter(c -> c.zone().zoneId().hashCode() % 2 == 0).toList());
        }
        assertThat(crossed).isGreaterThan(100);
    }

    @Test
    void distanceToBoundaryMatchesInsideOutsideAndNearAPole() {
        Random random = new Random(4);
        List<Geometry> shapes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            shapes.add(zones.get(random.nextInt(zones.size())).geometry());
        }
        shapes.add(zones.get(zones.size() - 3).geometry()); // split at the antimeridian
        shapes.add(ZoneGeometries.normalize(wkt("POLYGON ((10 85, 20 85, 20 86, 10 86, 10 85))")));
        for (Geometry g : shapes) {
            var env = g.getEnvelopeInternal();
            for (int k = 0; k < 20; k++) {
                double x = env.getMinX() - 0.2 + random.nextDouble() * (env.getWidth() + 0.4);
                double y = env.getMinY() - 0.2 + random.nextDouble() * (env.getHeight() + 0.4);
                assertThat(Geodesy.distanceToBoundary(x, y, g)).as("(%s, %s)", x, y)
                        .isEqualTo(distanceSlowly(x, y, g, Double.POSITIVE_INFINITY));
            }
        }
        assertThat(Geodesy.distanceToBoundary(-170, 89.9, shapes.get(shapes.size() - 1)))
                .isEqualTo(distanceSlowly(-170, 89.9, shapes.get(shapes.size() - 1), Double.POSITIVE_INFINITY));
    }
}
