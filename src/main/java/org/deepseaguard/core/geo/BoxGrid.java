package org.deepseaguard.core.geo;

import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * A uniform grid of candidate lists for point queries: every item (with its box, in degrees) is
 * listed in each cell its closed box meets, in the order the items were given. A point query
 * reads one cell, then {@link #boxHolds} rejects the items whose box misses the point. Flat arrays
 * (the boxes inline), no locks, no allocation per query: cheaper than an STRtree query for points.
 *
 * <p>Cells are squares of about a quarter of the median item size, made coarser if the grid would
 * exceed {@value #MAX_CELLS} cells or {@value #MAX_ENTRIES} list entries. Cell indices come from
 * one monotonic formula for items and points alike, so a point inside an item's closed box always
 * lands in a cell that lists the item, also on cell borders.
 *
 * <p>Immutable and thread-safe once constructed.
 *
 * @param <T> the item type
 */
final class BoxGrid<T> {

    private static final int MAX_CELLS = 1 << 22;
    private static final int MAX_ENTRIES = 1 << 24;

    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;
    private final double cellsPerDegree;
    private final int columns;
    private final int rows;
    /** The entries of cell c are start[c] .. start[c + 1] - 1. */
    private final int[] start;
    private final Object[] items;
    /** minX, maxX, minY, maxY of each entry's item. */
    private final double[] boxes;

    BoxGrid(List<T> itemList, List<Envelope> boxList) {
        Envelope all = new Envelope();
        double[] sizes = new double[boxList.size()];
        for (int i = 0; i < boxList.size(); i++) {
            Envelope b = boxList.get(i);
            all.expandToInclude(b);
            sizes[i] = Math.max(b.getWidth(), b.getHeight());
        }
        if (all.isNull()) {
            all = new Envelope(0, 0, 0, 0);
        }
        minX = all.getMinX();
        maxX = all.getMaxX();
        minY = all.getMinY();
        maxY = all.getMaxY();
        Arrays.sort(sizes);
        double cell = sizes.length == 0 ? 1 : sizes[sizes.length / 2] / 4;
        if (!(cell > 0)) {
            cell = Math.max(Math.max(all.getWidth(), all.getHeight()) / 1024, 1e-6);
        }
        while (true) {
            double perDegree = 1 / cell;
            int cols = (int) Math.min(Integer.MAX_VALUE, (long) (all.getWidth() * perDegree) + 1);
            int rws = (int) Math.min(Integer.MAX_VALUE, (long) (all.getHeight() * perDegree) + 1);
            if ((long) cols * rws <= MAX_CELLS && entries(boxList, perDegree, cols, rws) <= MAX_ENTRIES) {
                cellsPerDegree = perDegree;
                columns = cols;
                rows = rws;
                break;
            }
            cell *= 2;
        }
        start = new int[columns * rows + 1];
        for (Envelope b : boxList) {
            forEachCell(b, c -> start[c + 1]++);
        }
        for (int c = 0; c < columns * rows; c++) {
            start[c + 1] += start[c];
        }
        items = new Object[start[columns * rows]];
        boxes = new double[4 * items.length];
        int[] fill = Arrays.copyOf(start, columns * rows);
        for (int i = 0; i < itemList.size(); i++) {
            T item = itemList.get(i);
            Envelope b = boxList.get(i);
            forEachCell(b, c -> {
                int k = fill[c]++;
                items[k] = item;
                boxes[4 * k] = b.getMinX();
                boxes[4 * k + 1] = b.getMaxX();
                boxes[4 * k + 2] = b.getMinY();
                boxes[4 * k + 3] = b.getMaxY();
            });
        }
    }

    private long entries(List<Envelope> boxList, double perDegree, int cols, int rws) {
        long n = 0;
        for (Envelope b : boxList) {
            n += (long) (index(b.getMaxX(), minX, perDegree, cols) - index(b.getMinX(), minX, perDegree, cols) + 1)
                    * (index(b.getMaxY(), minY, perDegree, rws) - index(b.getMinY(), minY, perDegree, rws) + 1);
        }
        return n;
    }

    /** The monotonic cell formula: non-decreasing in v, so a box's cells bracket its points' cells. */
    private static int index(double v, double min, double perDegree, int n) {
        return Math.min(n - 1, (int) ((v - min) * perDegree));
    }

    private void forEachCell(Envelope b, java.util.function.IntConsumer action) {
        int c0 = index(b.getMinX(), minX, cellsPerDegree, columns);
        int c1 = index(b.getMaxX(), minX, cellsPerDegree, columns);
        int r0 = index(b.getMinY(), minY, cellsPerDegree, rows);
        int r1 = index(b.getMaxY(), minY, cellsPerDegree, rows);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                action.accept(r * columns + c);
            }
        }
    }

    /** The cell of the point, or -1 when it is outside every box. */
    int cell(double x, double y) {
        if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
            return -1;
        }
        return index(y, minY, cellsPerDegree, rows) * columns + index(x, minX, cellsPerDegree, columns);
    }

    /** The first entry of the cell. */
    int first(int cell) {
        return start[cell];
    }

    /** One past the last entry of the cell. */
    int end(int cell) {
        return start[cell + 1];
    }

    /** True when the closed box of entry k holds the point. */
    boolean boxHolds(int k, double x, double y) {
        int b = 4 * k;
        return x >= boxes[b] && x <= boxes[b + 1] && y >= boxes[b + 2] && y <= boxes[b + 3];
    }

    @SuppressWarnings("unchecked")
    T item(int k) {
        return (T) items[k];
    }
}
