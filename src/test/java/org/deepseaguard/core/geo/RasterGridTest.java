package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The candidate grid lists every polygon whose envelope holds a point, in the order given, also on
 * cell and envelope borders, and locates the point in each as its raster does.
 */
class RasterGridTest {

    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private static List<Integer> found(RasterGrid<Integer> grid, double x, double y) {
        List<Integer> found = new ArrayList<>();
        int cell = grid.cell(x, y);
        if (cell >= 0) {
            for (int k = grid.first(cell); k < grid.end(cell); k++) {
                int where = grid.locate(k, x, y);
                if (where == RasterPointLocator.BOUNDARY || where == RasterPointLocator.INSIDE) {
                    found.add(grid.item(k));
                }
                assertThat(where != RasterPointLocator.OUTSIDE && grid.raster(k).covers(x, y)
                        || where == RasterPointLocator.OUTSIDE && !grid.raster(k).covers(x, y)
                        || where == RasterPointLocator.BOUNDARY).isTrue();
            }
        }
        return found;
    }

    /** A rectangle polygon, its raster all INSIDE or BOUNDARY, so its envelope is what the grid finds. */
    private static RasterPointLocator rectangle(Envelope b) {
        return new RasterPointLocator(GEOMETRIES.createPolygon(new Coordinate[] {
            new Coordinate(b.getMinX(), b.getMinY()), new Coordinate(b.getMaxX(), b.getMinY()),
            new Coordinate(b.getMaxX(), b.getMaxY()), new Coordinate(b.getMinX(), b.getMaxY()),
            new Coordinate(b.getMinX(), b.getMinY())}));
    }

    private static List<Integer> expected(List<Envelope> boxes, double x, double y) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).covers(x, y)) {
                expected.add(i);
            }
        }
        return expected;
    }

    @Test
    void everyBoxHoldingThePointIsFoundInOrder() {
        Random random = new Random(5);
        List<Envelope> boxes = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            double x = -175 + random.nextDouble() * 100;
            double y = -35 + random.nextDouble() * 70;
            double size = 0.3 * Math.pow(10, random.nextDouble() * 1.5);
            boxes.add(new Envelope(x, x + size * (0.01 + random.nextDouble()), y, y + size * (0.01 + random.nextDouble())));
            items.add(i);
        }
        boxes.add(new Envelope(-180, -179, 10, 11)); // a box away from the others
        items.add(boxes.size() - 1);
        RasterGrid<Integer> grid = new RasterGrid<>(items, boxes.stream().map(RasterGridTest::rectangle).toList());
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            points.add(new double[] {-182 + random.nextDouble() * 110, -40 + random.nextDouble() * 80});
        }
        for (Envelope b : boxes) {
            points.add(new double[] {b.getMinX(), b.getMinY()});
            points.add(new double[] {b.getMaxX(), b.getMaxY()});
            points.add(new double[] {b.getMinX(), (b.getMinY() + b.getMaxY()) / 2});
            points.add(new double[] {b.getMaxX(), (b.getMinY() + b.getMaxY()) / 2});
            points.add(new double[] {Math.nextDown(b.getMinX()), b.getMinY()});
            points.add(new double[] {Math.nextUp(b.getMaxX()), b.getMaxY()});
        }
        for (double[] p : points) {
            assertThat(found(grid, p[0], p[1])).as("(%s, %s)", p[0], p[1]).isEqualTo(expected(boxes, p[0], p[1]));
        }
    }

    @Test
    void emptyGridFindsNothing() {
        RasterGrid<Integer> grid = new RasterGrid<>(List.of(), List.of());
        assertThat(found(grid, 0, 0)).isEmpty();
        assertThat(grid.cell(Double.NaN, 0)).isEqualTo(-1);
    }
}
