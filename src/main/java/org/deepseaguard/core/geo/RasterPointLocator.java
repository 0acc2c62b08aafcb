package org.deepseaguard.core.geo;

import java.util.Arrays;
import org.locationtech.jts.algorithm.CGAlgorithmsDD;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * Exact point-in-polygon test for one polygon (holes included) with {@code covers} semantics:
 * the same answer as JTS's {@code IndexedPointInAreaLocator} (location not EXTERIOR), made fast
 * by a raster over the polygon's envelope.
 *
 * <p>The envelope is cut into a grid of cells, along the longer side 8 sqrt(edges) of them, at
 * least {@value #MIN_SIDE} and at most {@value #MAX_SIDE} (so the share of cells the boundary
 * crosses stays small as polygons get more detailed; 4,096 to 16,384 cells, 1 to 4 KiB).
 * At build time every closed cell rectangle is classified: BOUNDARY when some ring edge may meet
 * it (conservatively: a cell wrongly marked only costs an exact test), otherwise INSIDE or
 * OUTSIDE as its centre is (a cell the boundary does not meet lies wholly on one side of it).
 * A point in an INSIDE or OUTSIDE cell is answered from the cell; a point in a BOUNDARY cell is
 * located exactly by counting crossings of a ray to the right, with JTS's
 * {@code RayCrossingCounter} rules and its robust orientation predicate, over only the edges whose
 * latitude range meets the point's grid row, in flat arrays, sorted so that edges wholly to the
 * left of the point (which never count) end the scan.
 *
 * <p>A point's cell is given by one monotonic formula ({@link #state}), and each cell is
 * classified over the closed rectangle between the exact borders of that formula (the smallest
 * coordinate it puts in the cell, and the next cell's), so every point the formula puts in a cell
 * lies in the rectangle classified, also on and a rounding error from cell borders. A lookup
 * reads no border.
 *
 * <p>Immutable and thread-safe once constructed.
 */
final class RasterPointLocator {

    /** Largest number of cells along one side of the raster. */
    static final int MAX_SIDE = 128;
    static final int MIN_SIDE = 64;
    /** Cell states ({@link #state}). */
    static final int OUTSIDE = 0;
    static final int INSIDE = 1;
    static final int BOUNDARY = 2;

    final double minX;
    final double maxX;
    final double minY;
    final double maxY;
    final int columns;
    final int rows;
    final double columnsPerDegree;
    final double rowsPerDegree;
    /** Cell borders of the formula: column i holds [xs[i], xs[i + 1]), row j [ys[j], ys[j + 1]) (the last ones closed). */
    private final double[] xs;
    private final double[] ys;
    /** Two bits per cell (row-major), 32 cells per word. */
    final long[] cells;
    /** Every ring's vertices as x0, y0, x1, y1, ...; rings one after the other. */
    private final double[] vertices;
    /** Edges (index of the first vertex; the edge runs to the next) meeting row j: rowEdges[rowStart[j] .. rowStart[j + 1]). */
    private final int[] rowStart;
    private final int[] rowEdges;

    RasterPointLocator(Polygon polygon) {
        Envelope env = polygon.getEnvelopeInternal();
        minX = env.getMinX();
        maxX = env.getMaxX();
        minY = env.getMinY();
        maxY = env.getMaxY();
        vertices = vertices(polygon);
        int[] edges = edges(polygon);
        double width = maxX - minX;
        double height = maxY - minY;
        int longSide = (int) Math.max(MIN_SIDE, Math.min(MAX_SIDE, Math.ceil(8 * Math.sqrt(edges.length))));
        columns = side(width, height, longSide);
        rows = side(height, width, longSide);
        columnsPerDegree = columns == 1 ? 0 : columns / width;
        rowsPerDegree = rows == 1 ? 0 : rows / height;
        xs = borders(minX, maxX, columns, columnsPerDegree);
        ys = borders(minY, maxY, rows, rowsPerDegree);

        // edges per row (those reaching its closed span), each row's list sorted by the edge's
        // largest x, descending
        int[] byMaxX = byMaxXDescending(edges);
        rowStart = new int[rows + 1];
        for (int v : byMaxX) {
            for (int j = firstRowReaching(edgeMinY(v)), last = lastRowStarting(edgeMaxY(v)); j <= last; j++) {
                rowStart[j + 1]++;
            }
        }
        for (int j = 0; j < rows; j++) {
            rowStart[j + 1] += rowStart[j];
        }
        rowEdges = new int[rowStart[rows]];
        int[] fill = Arrays.copyOf(rowStart, rows);
        for (int v : byMaxX) {
            for (int j = firstRowReaching(edgeMinY(v)), last = lastRowStarting(edgeMaxY(v)); j <= last; j++) {
                rowEdges[fill[j]++] = v;
            }
        }

        cells = new long[(columns * rows + 31) >>> 5]; // all OUTSIDE
        for (int v : edges) {
            markBoundary(v);
        }
        markInside();
    }

    /** The edges ordered by their largest x, descending (two primitive sorts: values, then rank and edge). */
    private int[] byMaxXDescending(int[] edges) {
        double[] values = new double[edges.length];
        for (int e = 0; e < edges.length; e++) {
            values[e] = edgeMaxX(edges[e]);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] keys = new long[edges.length];
        for (int e = 0; e < edges.length; e++) {
            long rank = Arrays.binarySearch(sorted, values[e]); // any of equal values: ties may come in any order
            keys[e] = (edges.length - 1 - rank) << 32 | e;
        }
        Arrays.sort(keys);
        int[] order = new int[edges.length];
        for (int k = 0; k < keys.length; k++) {
            order[k] = edges[(int) keys[k]];
        }
        return order;
    }

    /** Cells along one side: {@code longSide}, fewer along the short side of a long envelope. */
    private static int side(double length, double across, int longSide) {
        if (!(length > 0)) {
            return 1;
        }
        double ratio = across > 0 ? length / across : 1;
        return (int) Math.max(1, Math.ceil(longSide * Math.min(1, ratio)));
    }

    /** The cell formula along one axis: non-decreasing in v, 0 at min, n - 1 at max. */
    private static int index(double v, double min, double perDegree, int n) {
        return Math.min(n - 1, (int) ((v - min) * perDegree));
    }

    /** For each cell i, the smallest coordinate the formula puts in it (the last border: max). */
    private static double[] borders(double min, double max, int n, double perDegree) {
        double[] b = new double[n + 1];
        b[0] = min;
        b[n] = max;
        for (int i = 1; i < n; i++) {
            b[i] = border(min, max, n, perDegree, i);
        }
        return b;
    }

    /** The smallest v in [min, max] with index(v) >= i: a few ulp steps from the nominal border, else bisection. */
    private static double border(double min, double max, int n, double perDegree, int i) {
        double v = Math.max(min, Math.min(max, min + i / perDegree));
        for (int step = 0; step < 16; step++) {
            if (index(v, min, perDegree, n) < i) {
                v = Math.nextUp(v);
            } else if (v > min && index(Math.nextDown(v), min, perDegree, n) >= i) {
                v = Math.nextDown(v);
            } else {
                return v;
            }
        }
        long lo = order(min);
        long hi = order(max);
        while (lo + 1 < hi) { // invariant: index(lo) < i <= index(hi)
            long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
            if (index(value(mid), min, perDegree, n) >= i) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return value(hi);
    }

    /** A long that orders as the double does (-0.0 as 0.0). */
    private static long order(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits : Long.MIN_VALUE - bits;
    }

    private static double value(long order) {
        return Double.longBitsToDouble(order >= 0 ? order : Long.MIN_VALUE - order);
    }

    private static double[] vertices(Polygon polygon) {
        int n = polygon.getExteriorRing().getNumPoints();
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            n += polygon.getInteriorRingN(h).getNumPoints();
        }
        double[] xy = new double[2 * n];
        int k = copy(polygon.getExteriorRing().getCoordinateSequence(), xy, 0);
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            k = copy(polygon.getInteriorRingN(h).getCoordinateSequence(), xy, k);
        }
        return xy;
    }

    private static int copy(CoordinateSequence ring, double[] xy, int k) {
        for (int i = 0; i < ring.size(); i++) {
            xy[k++] = ring.getX(i);
            xy[k++] = ring.getY(i);
        }
        return k;
    }

    /** The first vertex of every edge: consecutive vertices within one ring. */
    private static int[] edges(Polygon polygon) {
        int n = polygon.getExteriorRing().getNumPoints() - 1;
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            n += polygon.getInteriorRingN(h).getNumPoints() - 1;
        }
        int[] edges = new int[n];
        int e = 0;
        int v = 0;
        for (int r = -1; r < polygon.getNumInteriorRing(); r++) {
            int points = (r < 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(r)).getNumPoints();
            for (int i = 0; i + 1 < points; i++) {
                edges[e++] = v + i;
            }
            v += points;
        }
        return edges;
    }

    private double edgeMaxX(int v) {
        return Math.max(vertices[2 * v], vertices[2 * v + 2]);
    }

    private double edgeMinY(int v) {
        return Math.min(vertices[2 * v + 1], vertices[2 * v + 3]);
    }

    private double edgeMaxY(int v) {
        return Math.max(vertices[2 * v + 1], vertices[2 * v + 3]);
    }

    /** The column of x (inside the envelope). */
    private int column(double x) {
        return index(x, minX, columnsPerDegree, columns);
    }

    /** The row of y (inside the envelope). */
    private int row(double y) {
        return index(y, minY, rowsPerDegree, rows);
    }

    /** The lowest row whose closed span reaches up to y or beyond (y inside the envelope). */
    private int firstRowReaching(double y) {
        int j = row(y);
        while (j > 0 && ys[j] >= y) {
            j--;
        }
        return j;
    }

    /** The highest row whose closed span starts at y or below (y inside the envelope). */
    private int lastRowStarting(double y) {
        int j = row(y);
        while (j + 1 < rows && ys[j + 1] <= y) {
            j++;
        }
        return j;
    }

    /** True when the polygon covers the point (interior or boundary). */
    boolean covers(double x, double y) {
        if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
            return false;
        }
        int state = state(cells, x, y, minX, minY, columnsPerDegree, rowsPerDegree, columns, rows);
        return state == BOUNDARY ? coversExactly(x, y, row(y)) : state == INSIDE;
    }

    /**
     * The state of the cell holding (x, y), a point inside the envelope, from the raster's
     * parameters: static so that a caller may keep them next to its own data.
     */
    static int state(long[] cells, double x, double y, double minX, double minY, double columnsPerDegree,
                     double rowsPerDegree, int columns, int rows) {
        return cellState(cells, index(y, minY, rowsPerDegree, rows) * columns + index(x, minX, columnsPerDegree, columns));
    }

    private static int cellState(long[] cells, int cell) {
        return (int) (cells[cell >>> 5] >>> ((cell & 31) << 1)) & 3;
    }

    /**
     * JTS's {@code RayCrossingCounter} over the edges of row {@code j} (which holds y): the point is
     * covered when it is on an edge or the ray to its right crosses the boundary an odd number of
     * times. Edges wholly left of the point never count, and the row's edges are sorted by their
     * largest x, so the first such edge ends the scan.
     */
    private boolean coversExactly(double x, double y, int j) {
        boolean inside = false;
        double[] xy = vertices;
        for (int k = rowStart[j], end = rowStart[j + 1]; k < end; k++) {
            int v = rowEdges[k] << 1;
            double x1 = xy[v];
            double y1 = xy[v + 1];
            double x2 = xy[v + 2];
            double y2 = xy[v + 3];
            if (x1 < x && x2 < x) {
                break;
            }
            if (x == x2 && y == y2) {
                return true;
            }
            if (y1 == y && y2 == y) {
                if (x >= Math.min(x1, x2) && x <= Math.max(x1, x2)) {
                    return true;
                }
            } else if (y1 > y && y2 <= y || y2 > y && y1 <= y) {
                int orientation = CGAlgorithmsDD.orientationIndex(x1, y1, x2, y2, x, y);
                if (orientation == 0) {
                    return true;
                }
                if ((orientation > 0) == (y2 > y1)) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

    /**
     * Adds to {@code out} every edge whose latitude range meets [fromLat, toLat], each once, read
     * from the rows that span the band; with {@code skipSeams}, not the edges along ±180.
     */
    void edgesNear(double fromLat, double toLat, boolean skipSeams, BoundarySearch out) {
        if (!(fromLat <= maxY && toLat >= minY)) {
            return;
        }
        int j0 = firstRowReaching(Math.max(fromLat, minY));
        int j1 = lastRowStarting(Math.min(toLat, maxY));
        for (int j = j0; j <= j1; j++) {
            for (int k = rowStart[j], end = rowStart[j + 1]; k < end; k++) {
                int v = rowEdges[k];
                double low = edgeMinY(v);
                // listed in the row below too: added there already
                if (j > j0 && low <= ys[j] || low > toLat || edgeMaxY(v) < fromLat) {
                    continue;
                }
                double ax = vertices[2 * v];
                double bx = vertices[2 * v + 2];
                if (!(skipSeams && BoundarySearch.isSeam(ax, bx))) {
                    out.edge(ax, vertices[2 * v + 1], bx, vertices[2 * v + 3]);
                }
            }
        }
    }

    /**
     * Marks BOUNDARY every cell the edge starting at vertex v may meet. Within a row's band the
     * edge is a segment monotone in x, so it meets exactly the columns its x range there overlaps;
     * that range is widened by far more than its rounding error (a cell too many is marked only
     * when the edge passes within 1e-9 degrees of a cell border), and a column whose closed span
     * ends where the range starts is taken too.
     */
    private void markBoundary(int v) {
        double x1 = vertices[2 * v];
        double y1 = vertices[2 * v + 1];
        double x2 = vertices[2 * v + 2];
        double y2 = vertices[2 * v + 3];
        double lowY = Math.min(y1, y2);
        double highY = Math.max(y1, y2);
        double lowX = Math.min(x1, x2);
        double highX = Math.max(x1, x2);
        double slack = 1e-9 * (1 + Math.abs(x1) + Math.abs(x2));
        for (int j = firstRowReaching(lowY), last = lastRowStarting(highY); j <= last; j++) {
            double from = lowX;
            double to = highX;
            // (an edge almost flat within the row takes its whole x range: no division by a tiny height)
            if (highY - lowY > 1e-6 * (ys[j + 1] - ys[j])) {
                double ya = Math.max(ys[j], lowY);
                double yb = Math.min(ys[j + 1], highY);
                double xa = x1 + (ya - y1) * (x2 - x1) / (y2 - y1);
                double xb = x1 + (yb - y1) * (x2 - x1) / (y2 - y1);
                from = Math.max(lowX, Math.min(xa, xb) - slack);
                to = Math.min(highX, Math.max(xa, xb) + slack);
            }
            int c0 = column(from);
            if (c0 > 0 && xs[c0] >= from) {
                c0--; // on the border: the closed span of the column to the left holds it too
            }
            mark(j * columns + c0, j * columns + column(to), BOUNDARY_BITS);
        }
    }

    /** Two-bit patterns of 32 cells: all BOUNDARY, all INSIDE. */
    private static final long BOUNDARY_BITS = 0xAAAAAAAAAAAAAAAAL;
    private static final long INSIDE_BITS = 0x5555555555555555L;

    /**
     * Sets the state of cells first..last (row-major indices) to BOUNDARY ({@code BOUNDARY_BITS}),
     * or to INSIDE ({@code INSIDE_BITS}) where they are not BOUNDARY; a word at a time.
     */
    private void mark(int first, int last, long pattern) {
        for (int word = first >>> 5, lastWord = last >>> 5; word <= lastWord; word++) {
            int from = word == first >>> 5 ? (first & 31) << 1 : 0;
            int to = word == lastWord ? ((last & 31) << 1) + 1 : 63;
            long range = (-1L >>> (63 - to)) & (-1L << from);
            long w = cells[word];
            cells[word] = pattern == BOUNDARY_BITS ? w | (range & BOUNDARY_BITS) : w | (range & INSIDE_BITS & ~(w >>> 1));
        }
    }

    /**
     * Marks INSIDE the cells no edge meets whose centre is inside. All centres of a row lie on one
     * line, so one sweep per row: the edges crossing that line (JTS's half-open rule, horizontal
     * edges never) in order of where they cross it, and a centre is inside when an odd number of
     * them cross to its right. The crossing points are computed in floating point, which is exact
     * enough: an edge crossing the line inside a cell's closed span meets that cell, so for a cell
     * no edge meets every crossing is at least half a cell width away from its centre.
     */
    private void markInside() {
        double[] crossings = new double[16];
        for (int j = 0; j < rows; j++) {
            double y = (ys[j] + ys[j + 1]) / 2;
            int n = 0;
            for (int k = rowStart[j], end = rowStart[j + 1]; k < end; k++) {
                int v = rowEdges[k] << 1;
                double x1 = vertices[v];
                double y1 = vertices[v + 1];
                double x2 = vertices[v + 2];
                double y2 = vertices[v + 3];
                if (y1 > y && y2 <= y || y2 > y && y1 <= y) {
                    if (n == crossings.length) {
                        crossings = Arrays.copyOf(crossings, 2 * n);
                    }
                    crossings[n++] = x1 + (y - y1) * (x2 - x1) / (y2 - y1);
                }
            }
            Arrays.sort(crossings, 0, n);
            // between crossings t - 1 and t, n - t of them lie to the right: inside when odd
            int i = 0;
            for (int t = 0; t <= n && i < columns; t++) {
                double right = t < n ? crossings[t] : Double.POSITIVE_INFINITY;
                int first = i;
                if (t < n && right >= minX) {
                    i = Math.max(i, column(Math.min(right, maxX)) - 1); // a jump near the crossing
                }
                while (i < columns && (xs[i] + xs[i + 1]) / 2 < right) {
                    i++;
                }
                if (((n - t) & 1) == 1 && i > first) {
                    mark(j * columns + first, j * columns + i - 1, INSIDE_BITS);
                }
            }
        }
    }

    /** The column borders, west to east (for tests). */
    double[] columnBorders() {
        return xs.clone();
    }

    /** The row borders, south to north (for tests). */
    double[] rowBorders() {
        return ys.clone();
    }

    /** The share of cells that need the exact test (for tests and tuning). */
    double boundaryShare() {
        int boundary = 0;
        for (int cell = 0; cell < columns * rows; cell++) {
            if (cellState(cells, cell) == BOUNDARY) {
                boundary++;
            }
        }
        return (double) boundary / (columns * rows);
    }
}
