package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.core.geo.GeodesyTest.moved;
import static org.deepseaguard.core.geo.TestZones.wkt;
import static org.deepseaguard.core.geo.TestZones.zone;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deepseaguard.core.geo.ZoneIndex.ZoneCrossing;
import org.deepseaguard.core.geo.ZoneIndex.ZoneDistance;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneIndexTest {

    static final String PRZ = "POLYGON ((-117.5 10.2, -117.15 10.2, -117.15 10.6, -117.5 10.6, -117.5 10.2))";
    static final String WITH_HOLE = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))";

    private static List<String> ids(List<Zone> zones) {
        return zones.stream().map(Zone::zoneId).toList();
    }

    private static ZoneIndex index(Zone... zones) {
        return ZoneIndex.of(List.of(zones));
    }

    @Test
    void insideOutsideOnTheBoundaryAndOnAVertex() {
        ZoneIndex index = index(zone("PRZ", PRZ));
        assertThat(ids(index.covering(-117.3, 10.4))).containsExactly("PRZ");
        assertThat(index.covering(-117.0, 10.4)).isEmpty();
        assertThat(ids(index.covering(-117.15, 10.4))).as("on an edge").containsExactly("PRZ");
        assertThat(ids(index.covering(-117.5, 10.2))).as("on a vertex").containsExactly("PRZ");
        assertThat(index.covering(-117.15 + 1e-9, 10.4)).as("just outside").isEmpty();
    }

    @Test
    void pointInAHoleIsOutsideAndOnTheHolesEdgeInside() {
        ZoneIndex index = index(zone("H", WITH_HOLE));
        assertThat(index.covering(5, 5)).isEmpty();
        assertThat(ids(index.covering(4, 5))).containsExactly("H");
        assertThat(ids(index.covering(2, 2))).containsExactly("H");
    }

    @Test
    void overlappingZonesAreAllReturnedInZoneIdOrder() {
        ZoneIndex index = index(zone("b", "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))"),
                zone("c", "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))"),
                zone("a", "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))"));
        assertThat(ids(index.covering(1.5, 1.5))).containsExactly("a", "b");
        assertThat(ids(index.covering(0.5, 0.5))).containsExactly("b");
        assertThat(ids(index.zones())).containsExactly("a", "b", "c");
        assertThat(index.get("c")).map(Zone::zoneId).hasValue("c");
        assertThat(index.get("zz")).isEmpty();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void multiPolygon() {
        ZoneIndex index = index(zone("M", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))"));
        assertThat(ids(index.covering(0.5, 0.5))).containsExactly("M");
        assertThat(ids(index.covering(5.5, 5.5))).containsExactly("M");
        assertThat(index.covering(3, 3)).isEmpty();
    }

    @Test
    void emptyIndexFindsNothing() {
        assertThat(ZoneIndex.empty().covering(0, 0)).isEmpty();
        assertThat(ZoneIndex.empty().near(0, 0, 1e6)).isEmpty();
        assertThat(ZoneIndex.empty().crossedBy(0, 0, 1, 1)).isEmpty();
        assertThat(ZoneIndex.of(List.of()).size()).isZero();
    }

    @Test
    void refusesDuplicateIdsAndUnnormalisedGeometry() {
        assertThatThrownBy(() -> index(zone("a", PRZ), zone("a", WITH_HOLE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        Zone raw = new Zone("raw", null, null, null, null, null, null, null, null, null, null,
                wkt("POLYGON ((170 0, 190 0, 190 1, 170 1, 170 0))"), 1);
        assertThatThrownBy(() -> index(raw)).hasMessageContaining("ZoneGeometries.normalize");
    }

    // --- the antimeridian in its three forms, read from GeoJSON fixtures

    private static Zone fixture(String name) throws IOException {
        try (InputStream in = ZoneIndexTest.class.getResourceAsStream(name)) {
            return GeoJsonZones.read(new ObjectMapper().readTree(in), PropertyMapping.NATIVE).get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"antimeridian-split.geojson", "antimeridian-past-180.geojson", "antimeridian-jump.geojson"})
    void zoneAcrossTheAntimeridian(String fixture) throws IOException {
        Zone zone = fixture(fixture);
        assertThat(zone.geometry().getArea()).isCloseTo(400, within(1e-9));
        ZoneIndex index = index(zone);
        for (double[] p : new double[][] {{179.9, 0}, {-179.9, 0}, {180, 0}, {-180, 0}, {175, 5}, {-175, -5},
            {180, 10}, {-180, -10}}) {
            assertThat(index.covering(p[0], p[1])).as("(%s, %s)", p[0], p[1]).containsExactly(zone);
        }
        for (double[] p : new double[][] {{0, 0}, {169.9, 0}, {-169.9, 0}, {180, 10.1}, {-180, -10.1}}) {
            assertThat(index.covering(p[0], p[1])).as("(%s, %s)", p[0], p[1]).isEmpty();
        }
    }

    @Test
    void narrowRingJumpingOverTheAntimeridianIsNotAWorldBand() {
        ZoneIndex index = index(zone("J", "POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))"));
        assertThat(index.covering(180, 0)).hasSize(1);
        assertThat(index.covering(-179.5, 0.5)).hasSize(1);
        assertThat(index.covering(0, 0)).isEmpty();
        assertThat(index.covering(178, 0)).isEmpty();
    }

    // --- near

    @Test
    void nearGivesTheGeodesicDistanceToTheBoundary() {
        ZoneIndex index = index(zone("PRZ", PRZ), zone("FAR", "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));
        double[] p = moved(-117.15, 10.4, 90, 1000);
        List<ZoneDistance> near = index.near(p[0], p[1], 1500);
        assertThat(near).hasSize(1);
        assertThat(near.get(0).zone().zoneId()).isEqualTo("PRZ");
        assertThat(near.get(0).distanceMetres()).isCloseTo(1000, within(0.05));
        assertThat(index.near(p[0], p[1], 900)).isEmpty();
        assertThat(index.near(-117.3, 10.4, 50_000)).as("a covering zone is not near").isEmpty();
        assertThat(index.near(p[0], p[1], 0)).isEmpty();
    }

    @Test
    void nearPointInAHoleMeasuresToTheHole() {
        ZoneIndex index = index(zone("H", WITH_HOLE));
        List<ZoneDistance> near = index.near(5, 5, 200_000);
        assertThat(near).hasSize(1);
        assertThat(near.get(0).distanceMetres()).isCloseTo(Geodesy.distance(5, 5, 5, 4), within(0.05));
    }

    @Test
    void nearAcrossTheAntimeridian() {
        ZoneIndex index = index(zone("W", "POLYGON ((170 -1, 180 -1, 180 1, 170 1, 170 -1))"));
        List<ZoneDistance> near = index.near(-179.99, 0, 2000);
        assertThat(near).hasSize(1);
        assertThat(near.get(0).distanceMetres()).isCloseTo(Geodesy.distance(-179.99, 0, 180, 0), within(0.05));
    }

    @Test
    void nearOverThePole() {
        ZoneIndex index = index(zone("ARCTIC", "POLYGON ((10 85, 20 85, 20 86, 10 86, 10 85))"));
        List<ZoneDistance> near = index.near(-170, 89.9, 500_000);
        assertThat(near).hasSize(1);
        // just past the pole, the corner at longitude 20 is a little nearer than the one at 10
        assertThat(near.get(0).distanceMetres()).isCloseTo(Geodesy.distance(-170, 89.9, 20, 86), within(0.05));
        assertThat(index.near(-170, 89.9, 400_000)).isEmpty();
    }

    // --- crossedBy

    static final String SMALL = "POLYGON ((-117.3 10.3, -117.2 10.3, -117.2 10.4, -117.3 10.4, -117.3 10.3))";

    @Test
    void fixesEitherSideOfASmallZoneCrossIt() {
        ZoneIndex index = index(zone("S", SMALL), zone("OTHER", "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));
        List<ZoneCrossing> crossed = index.crossedBy(-117.4, 10.35, -117.1, 10.35);
        assertThat(crossed).hasSize(1);
        assertThat(crossed.get(0).zone().zoneId()).isEqualTo("S");
        assertThat(crossed.get(0).longitude()).isCloseTo(-117.3, within(1e-9));
        assertThat(crossed.get(0).latitude()).isCloseTo(10.35, within(1e-4));
        assertThat(index.crossedBy(-117.1, 10.35, -117.4, 10.35).get(0).longitude())
                .as("the other way round enters at the east edge").isCloseTo(-117.2, within(1e-9));
    }

    @Test
    void segmentPassingByDoesNotCross() {
        ZoneIndex index = index(zone("S", SMALL));
        assertThat(index.crossedBy(-117.4, 10.45, -117.1, 10.45)).isEmpty();
        assertThat(index.crossedBy(-117.4, 10.35, -117.35, 10.35)).isEmpty();
    }

    @Test
    void zoneThinnerThanTheWalkingStepIsStillCrossed() {
        ZoneIndex index = index(zone("THIN", "POLYGON ((-117.25 10, -117.2499 10, -117.2499 11, -117.25 11, -117.25 10))"));
        List<ZoneCrossing> crossed = index.crossedBy(-118, 10.5, -116, 10.5);
        assertThat(crossed).hasSize(1);
        assertThat(crossed.get(0).longitude()).isCloseTo(-117.25, within(1e-9));
    }

    @Test
    void startInsideIsTheFirstPoint() {
        ZoneIndex index = index(zone("S", SMALL));
        List<ZoneCrossing> crossed = index.crossedBy(-117.25, 10.35, -117.1, 10.35);
        assertThat(crossed).extracting(ZoneCrossing::longitude).containsExactly(-117.25);
        assertThat(index.crossedBy(-117.25, 10.35, -117.25, 10.35)).hasSize(1);
    }

    @Test
    void crossingTheAntimeridianTheShortWay() {
        ZoneIndex index = index(zone("AM", "POLYGON ((179.9 -0.1, 180.1 -0.1, 180.1 0.1, 179.9 0.1, 179.9 -0.1))"),
                zone("GREENWICH", "POLYGON ((-1 -1, 1 -1, 1 1, -1 1, -1 -1))"));
        List<ZoneCrossing> east = index.crossedBy(179.5, 0, -179.5, 0);
        assertThat(east).extracting(c -> c.zone().zoneId()).containsExactly("AM");
        assertThat(east.get(0).longitude()).isCloseTo(179.9, within(1e-9));
        List<ZoneCrossing> west = index.crossedBy(-179.5, 0, 179.5, 0);
        assertThat(west.get(0).longitude()).isCloseTo(-179.9, within(1e-9));
    }

    @Test
    void freshIndexAnswersConcurrentReadersAlike() throws Exception {
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double x = -170 + (i % 20) * 17;
            double y = -60 + (i / 20) * 12;
            zones.add(zone("Z" + i, String.format(Locale.ROOT,
                    "POLYGON ((%f %f, %f %f, %f %f, %f %f))", x, y, x + 20, y, x + 10, y + 15, x, y)));
        }
        double[][] points = new double[20_000][];
        Random random = new Random(7);
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {random.nextDouble() * 360 - 180, random.nextDouble() * 140 - 70};
        }
        ZoneIndex index = ZoneIndex.of(zones);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<Zone>>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> Arrays.stream(points).map(p -> index.covering(p[0], p[1])).toList()));
            }
            List<List<Zone>> first = runs.get(0).get();
            assertThat(first).anyMatch(found -> found.size() > 1);
            for (Future<List<List<Zone>>> run : runs) {
                assertThat(run.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void zonesOfEveryTypeAreFoundAlike() {
        Zone apei = new Zone("APEI", null, ZoneType.APEI, null, null, null, 100.0, 200.0, null, null, null,
                ZoneGeometries.normalize(wkt(PRZ)), 3);
        assertThat(index(apei).covering(-117.3, 10.4)).containsExactly(apei);
    }
}
