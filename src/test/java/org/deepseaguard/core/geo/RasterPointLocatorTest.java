package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.geo.TestZones.wkt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The raster locator against the exact slow path it replaces (JTS's IndexedPointInAreaLocator,
 * boundary counted inside) on many points: random, on vertices and edges, a hair either side of
 * them, and on the raster's own cell borders and corners.
 */
class RasterPointLocatorTest {

    static final GeometryFactory GEOMETRIES = new GeometryFactory();

    /** A star-shaped polygon (never self-intersecting) around (x, y), optionally with a star-shaped hole. */
    static Polygon star(Random random, double x, double y, double radius, int vertices, boolean hole) {
        LinearRing shell = GEOMETRIES.createLinearRing(starRing(random, x, y, radius, 0.4, vertices));
        if (!hole) {
            return GEOMETRIES.createPolygon(shell);
        }
        LinearRing inner = GEOMETRIES.createLinearRing(starRing(random, x, y, radius * 0.3, 0.5, 12));
        return GEOMETRIES.createPolygon(shell, new LinearRing[] {inner});
    }

    private static Coordinate[] starRing(Random random, double x, double y, double radius, double minShare, int n) {
        Coordinate[] ring = new Coordinate[n + 1];
        for (int v = 0; v < n; v++) {
            double angle = 2 * Math.PI * (v + 0.8 * random.nextDouble()) / n;
            double r = radius * (minShare + (1 - minShare) * random.nextDouble());
            ring[v] = new Coordinate(x + r * Math.cos(angle), y + r * Math.sin(angle));
        }
        ring[n] = ring[0];
        return ring;
    }

    static Stream<Polygon> polygons() {
        Random random = new Random(42);
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            polygons.add(star(random, -117 + i, 10 - i, 0.2 + random.nextDouble() * 2, 16 + random.nextInt(240),
                    i % 3 == 0));
        }
        polygons.add((Polygon) wkt(ZoneIndexTest.PRZ));
        polygons.add((Polygon) wkt(ZoneIndexTest.WITH_HOLE));
        // edges on the raster's cell borders (64 columns of width 1, rows of 1), a staircase of
        // horizontal and vertical edges, repeated vertices, a long thin diagonal sliver
        polygons.add((Polygon) wkt("POLYGON ((0 0, 64 0, 64 64, 0 64, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))"));
        polygons.add((Polygon) wkt("POLYGON ((0 0, 8 0, 8 1, 7 1, 7 2, 6 2, 6 3, 5 3, 5 4, 4 4, 4 5, 3 5, 3 6, 2 6,"
                + " 2 7, 1 7, 1 8, 0 8, 0 0))"));
        polygons.add((Polygon) wkt("POLYGON ((0 0, 4 0, 4 0, 4 2, 2 4, 0 4, 0 4, 0 0))"));
        polygons.add((Polygon) wkt("POLYGON ((0 0, 100 10, 100 10.001, 0 0))"));
        polygons.add((Polygon) wkt("POLYGON ((170 -10, 180 -10, 180 10, 170 10, 170 -10))"));
        polygons.add((Polygon) wkt("POLYGON ((-180 -10, -170 -10, -170 10, -180 10, -180 -10))"));
        return polygons.stream();
    }

    @ParameterizedTest
    @MethodSource("polygons")
    void sameAnswersAsTheJtsLocator(Polygon polygon) {
        RasterPointLocator raster = new RasterPointLocator(polygon);
        IndexedPointInAreaLocator exact = new IndexedPointInAreaLocator(polygon);
        List<double[]> points = new ArrayList<>();
        Random random = new Random(7);
        Envelope env = polygon.getEnvelopeInternal();
        double w = env.getWidth();
        double h = env.getHeight();
        for (int i = 0; i < 20_000; i++) {
            points.add(new double[] {env.getMinX() - 0.05 * w + random.nextDouble() * 1.1 * w,
                env.getMinY() - 0.05 * h + random.nextDouble() * 1.1 * h});
        }
        Coordinate[] vertices = polygon.getCoordinates();
        for (int i = 0; i < vertices.length; i++) {
            Coordinate c = vertices[i];
            points.add(new double[] {c.x, c.y});
            points.add(new double[] {Math.nextUp(c.x), c.y});
            points.add(new double[] {Math.nextDown(c.x), c.y});
            points.add(new double[] {c.x, Math.nextUp(c.y)});
            points.add(new double[] {c.x, Math.nextDown(c.y)});
            if (i + 1 < vertices.length) {
                Coordinate d = vertices[i + 1];
                for (double t : new double[] {0.25, 0.5, 0.75}) {
                    // on the edge when the arithmetic is exact (integer and axis-aligned edges), else within an ulp
                    points.add(new double[] {c.x + t * (d.x - c.x), c.y + t * (d.y - c.y)});
                }
            }
        }
        double[] xs = raster.columnBorders();
        double[] ys = raster.rowBorders();
        for (double x : xs) {
            for (double y : ys) {
                points.add(new double[] {x, y});
                points.add(new double[] {Math.nextDown(x), Math.nextDown(y)});
                points.add(new double[] {Math.nextUp(x), Math.nextUp(y)});
                points.add(new double[] {x, y + random.nextDouble() * (ys[ys.length - 1] - ys[0])});
                points.add(new double[] {xs[0] + random.nextDouble() * (xs[xs.length - 1] - xs[0]), y});
            }
        }
        int boundaryPoints = 0;
        for (double[] p : points) {
            int location = exact.locate(new Coordinate(p[0], p[1]));
            boundaryPoints += location == Location.BOUNDARY ? 1 : 0;
            assertThat(raster.covers(p[0], p[1])).as("(%s, %s)", p[0], p[1]).isEqualTo(location != Location.EXTERIOR);
        }
        assertThat(boundaryPoints).as("points exactly on the boundary were tested").isGreaterThan(vertices.length - 1);
    }

    @Test
    void mostOfARasterIsAnsweredFromItsCells() {
        RasterPointLocator raster = new RasterPointLocator(star(new Random(1), 0, 0, 1, 256, false));
        assertThat(raster.boundaryShare()).isLessThan(0.3);
        assertThat(new RasterPointLocator((Polygon) wkt(ZoneIndexTest.PRZ)).boundaryShare()).isLessThan(0.1);
    }
}
