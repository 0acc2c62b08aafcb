package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The candidate grid lists every box holding a point, in the order given, also on cell and box borders. */
class BoxGridTest {

    private static List<Integer> found(BoxGrid<Integer> grid, double x, double y) {
        List<Integer> found = new ArrayList<>();
        int cell = grid.cell(x, y);
        if (cell >= 0) {
            for (int k = grid.first(cell); k < grid.end(cell); k++) {
                if (grid.boxHolds(k, x, y)) {
                    found.add(grid.item(k));
                }
            }
        }
        return found;
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
            boxes.add(new Envelope(x, x + size * random.nextDouble(), y, y + size * random.nextDouble()));
            items.add(i);
        }
        boxes.add(new Envelope(-180, -179, 10, 11)); // a box away from the others, and a degenerate one
        items.add(boxes.size() - 1);
        boxes.add(new Envelope(-100, -100, 0, 0));
        items.add(boxes.size() - 1);
        BoxGrid<Integer> grid = new BoxGrid<>(items, boxes);
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
        BoxGrid<Integer> grid = new BoxGrid<>(List.of(), List.of());
        assertThat(found(grid, 0, 0)).isEmpty();
        assertThat(grid.cell(Double.NaN, 0)).isEqualTo(-1);
    }
}
