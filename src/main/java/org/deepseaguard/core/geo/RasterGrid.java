package org.deepseaguard.core.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Envelope;

/**
 * A uniform grid of candidate lists for point queries over polygons, each polygon with its
 * {@link RasterPointLocator}: every item is listed in each cell its closed envelope meets, in the
 * order the items were given, with its envelope and its raster's lookup parameters inline. A point
 * query reads one cell, then {@link #locate} answers each candidate from the data next to it plus
 * one word of its raster, and only a BOUNDARY answer needs the raster object itself. Flat arrays, no
 * locks, no allocation per query: cheaper than an STRtree query and the chain of objects of
 * a prepared geometry, which at 10,000 zones cost a cache miss each.
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
final class RasterGrid<T> {

    private static final int MAX_CELLS = 1 << 22;
    private static final int MAX_ENTRIES = 1 << 24;
    private static final int PARAMS = 8;

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
    private final RasterPointLocator[] rasters;
    /** Per entry: its raster's minX, maxX, minY, maxY, columnsPerDegree, rowsPerDegree, columns, rows. */
    private final double[] params;
    private final long[][] cells;

    RasterGrid(List<T> itemList, List<RasterPointLocator> rasterList) {
        List<Envelope> boxList = new ArrayList<>(rasterList.size());
        for (RasterPointLocator r : rasterList) {
            boxList.add(new Envelope(r.minX, r.maxX, r.minY, r.maxY));
        }
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
        rasters = new RasterPointLocator[items.length];
        params = new double[PARAMS * items.length];
        cells = new long[items.length][];
        int[] fill = Arrays.copyOf(start, columns * rows);
        for (int i = 0; i < itemList.size(); i++) {
            T item = itemList.get(i);
            RasterPointLocator r = rasterList.get(i);
            forEachCell(boxList.get(i), c -> {
                int k = fill[c]++;
                items[k] = item;
                rasters[k] = r;
                cells[k] = r.cells;
                int p = PARAMS * k;
                params[p] = r.minX;
                params[p + 1] = r.maxX;
                params[p + 2] = r.minY;
                params[p + 3] = r.maxY;
                params[p + 4] = r.columnsPerDegree;
                params[p + 5] = r.rowsPerDegree;
                params[p + 6] = r.columns;
                params[p + 7] = r.rows;
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

    /**
     * Visits the items whose box meets the closed window, an item once per cell it is listed in
     * (so possibly more than once). Visits nothing and returns false when the window spans more
     * than {@code maxCells} cells.
     */
    boolean query(double fromX, double toX, double fromY, double toY, int maxCells, Consumer<T> visitor) {
        double x0 = Math.max(fromX, minX);
        double x1 = Math.min(toX, maxX);
        double y0 = Math.max(fromY, minY);
        double y1 = Math.min(toY, maxY);
        if (!(x0 <= x1 && y0 <= y1)) {
            return true;
        }
        int c0 = index(x0, minX, cellsPerDegree, columns);
        int c1 = index(x1, minX, cellsPerDegree, columns);
        int r0 = index(y0, minY, cellsPerDegree, rows);
        int r1 = index(y1, minY, cellsPerDegree, rows);
        if ((long) (c1 - c0 + 1) * (r1 - r0 + 1) > maxCells) {
            return false;
        }
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                for (int k = start[r * columns + c], end = start[r * columns + c + 1]; k < end; k++) {
                    int b = PARAMS * k;
                    if (params[b] <= toX && params[b + 1] >= fromX && params[b + 2] <= toY && params[b + 3] >= fromY) {
                        visitor.accept(item(k));
                    }
                }
            }
        }
        return true;
    }

    /** The first entry of the cell. */
    int first(int cell) {
        return start[cell];
    }

    /** One past the last entry of the cell. */
    int end(int cell) {
        return start[cell + 1];
    }

    /**
     * Where the point lies for entry k's polygon, as far as its raster cell tells:
     * {@link RasterPointLocator#OUTSIDE} (also outside its envelope), {@code INSIDE}, or
     * {@code BOUNDARY} (ask {@link #raster}).
     */
    int locate(int k, double x, double y) {
        int p = PARAMS * k;
        if (!(x >= params[p] && x <= params[p + 1] && y >= params[p + 2] && y <= params[p + 3])) {
            return RasterPointLocator.OUTSIDE;
        }
        return RasterPointLocator.state(cells[k], x, y, params[p], params[p + 2], params[p + 4], params[p + 5],
                (int) params[p + 6], (int) params[p + 7]);
    }

    /** The raster of entry k. */
    RasterPointLocator raster(int k) {
        return rasters[k];
    }

    @SuppressWarnings("unchecked")
    T item(int k) {
        return (T) items[k];
    }
}
