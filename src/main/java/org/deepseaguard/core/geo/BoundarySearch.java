package org.deepseaguard.core.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * The geodesic distance from a point to the boundary of a Polygon or MultiPolygon, as
 * {@link Geodesy#distanceToBoundary(double, double, Geometry)} defines it (edges straight in
 * longitude/latitude, seams of a zone split at the antimeridian skipped), computed with few
 * geodesics.
 *
 * <p>The answer is the smallest exact edge distance ({@link Geodesy#edgeDistance}, a
 * golden-section search of some 25 geodesics) over all edges. Only edges that could still beat
 * the best distance so far are searched:
 * <ol>
 *   <li>every edge gets a cheap rigorous lower bound in metres: its planar distance from the
 *       point in scaled coordinates (M_min latitude, a cos(phi_max) longitude, radians), see
 *       {@link #longitudeMetresPerRadian};</li>
 *   <li>edges are taken in order of that bound; the first whose bound is not below the best so
 *       far (or the limit) ends the search, as every later one is no nearer;</li>
 *   <li>a taken edge gets the distances to its ends (one geodesic per vertex, each vertex once),
 *       then the triangle bound (dA + dB - edge length) / 2 decides whether it is searched.</li>
 * </ol>
 * The bounds carry a millimetre and a relative 1e-9 of slack, far above the rounding of this
 * arithmetic and of GeographicLib, so a skipped edge never had a smaller exact distance: the
 * result is the same number the search of every edge gives. Usually one or two edges are searched.
 * {@link #witnessBelow} answers only whether that number is below a limit, and stops at the first
 * vertex or searched point nearer than it.
 *
 * <p>The search gets the edges to consider from its caller ({@link #polygonal}: all of them;
 * the zone index: only the edges that reach the latitude band a geodesic shorter than the limit
 * can reach, from its rasters' rows). The vertex distances it computes are kept, so an edge's
 * neighbour does not recompute the shared vertex. Besides the geodesics, each edge taken costs one
 * pass over the bounds.
 *
 * <p>Not thread-safe; one per query.
 */
final class BoundarySearch {

    private final double lon;
    private final double lat;
    /** Edge i runs from (edges[4i], edges[4i + 1]) to (edges[4i + 2], edges[4i + 3]). */
    private double[] edges = new double[64];
    private int count;
    /** Edges already taken. */
    private boolean[] done;
    /** Vertex distances computed so far: x, y, distance. */
    private double[] vertexDistances = new double[12];
    private int vertexCount;

    /** A search from the point (lon, lat); add the boundary's edges with {@link #edge} or {@link #polygonal}. */
    BoundarySearch(double lon, double lat) {
        this.lon = lon;
        this.lat = lat;
    }

    /** Adds every edge of the Polygon or MultiPolygon but the seams of a zone split at the antimeridian. */
    BoundarySearch polygonal(Geometry polygonal) {
        List<CoordinateSequence> rings = new ArrayList<>();
        for (int i = 0; i < polygonal.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) polygonal.getGeometryN(i);
            rings.add(polygon.getExteriorRing().getCoordinateSequence());
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                rings.add(polygon.getInteriorRingN(h).getCoordinateSequence());
            }
        }
        boolean split = Geodesy.isSplit(polygonal.getCoordinates());
        for (CoordinateSequence ring : rings) {
            for (int i = 0; i + 1 < ring.size(); i++) {
                double ax = ring.getX(i);
                double bx = ring.getX(i + 1);
                if (!(split && isSeam(ax, bx))) {
                    edge(ax, ring.getY(i), bx, ring.getY(i + 1));
                }
            }
        }
        return this;
    }

    /** True for an edge along ±180: a seam when its zone is split at the antimeridian. */
    static boolean isSeam(double ax, double bx) {
        return Math.abs(ax) == 180 && ax == bx;
    }

    /** Adds the edge A-B (degrees). */
    void edge(double ax, double ay, double bx, double by) {
        if (4 * count == edges.length) {
            edges = Arrays.copyOf(edges, 2 * edges.length);
        }
        int k = 4 * count++;
        edges[k] = ax;
        edges[k + 1] = ay;
        edges[k + 2] = bx;
        edges[k + 3] = by;
    }

    /** The distance to the boundary when below {@code limit}, else {@code limit}. */
    double distance(double limit) {
        return run(limit, false);
    }

    /**
     * The geodesic distance to some point of the boundary, below {@code limit}, when the boundary
     * distance is below it; else {@code limit}. The search stops at the first vertex or point
     * along an edge found nearer than the limit: the exact search reports the smallest distance
     * it evaluates, so this decides "below the limit" exactly as {@link #distance} does, usually
     * with a few geodesics instead of a few dozen.
     */
    double witnessBelow(double limit) {
        return run(limit, true);
    }

    private double run(double limit, boolean firstBelow) {
        double best = limit;
        done = new boolean[count];
        double[] bound = new double[count];
        if (best == Double.POSITIVE_INFINITY) {
            // no band to bound the geodesics in yet: search the edge that looks nearest first
            lowerBounds(longitudeMetresPerRadian(lat, 0), bound);
            int next = nearest(bound);
            if (next < 0) {
                return best;
            }
            best = search(next, best, firstBelow);
        }
        lowerBounds(longitudeMetresPerRadian(lat, best), bound);
        while (!(firstBelow && best < limit)) {
            int next = nearest(bound);
            if (next < 0 || bound[next] * (1 - 1e-9) - 1e-3 >= best) {
                return best;
            }
            best = search(next, best, firstBelow);
        }
        return best;
    }

    /** The edge not yet taken with the smallest bound, or -1. */
    private int nearest(double[] bound) {
        int next = -1;
        for (int i = 0; i < bound.length; i++) {
            if (!done[i] && (next < 0 || bound[i] < bound[next])) {
                next = i;
            }
        }
        return next;
    }

    /**
     * Takes edge e: the exact search along it when the triangle bound lets it beat {@code best}
     * ({@code firstBelow}: a vertex nearer than {@code best}, or the search's first point nearer).
     */
    private double search(int e, double best, boolean firstBelow) {
        done[e] = true;
        double ax = edges[4 * e];
        double ay = edges[4 * e + 1];
        double bx = edges[4 * e + 2];
        double by = edges[4 * e + 3];
        double dA = vertexDistance(ax, ay);
        double dB = vertexDistance(bx, by);
        if (firstBelow && Math.min(dA, dB) < best) {
            return Math.min(dA, dB);
        }
        if ((dA + dB - Geodesy.edgeLengthBound(ax, ay, bx, by)) / 2 < best) {
            return Math.min(best, Geodesy.edgeDistance(lon, lat, ax, ay, bx, by, dA, dB,
                    firstBelow ? best : Double.NEGATIVE_INFINITY));
        }
        return best;
    }

    /** The geodesic distance to a vertex; one computation per vertex (neighbouring edges share them). */
    private double vertexDistance(double x, double y) {
        for (int k = 0; k < 3 * vertexCount; k += 3) {
            if (vertexDistances[k] == x && vertexDistances[k + 1] == y) {
                return vertexDistances[k + 2];
            }
        }
        double d = Geodesy.distance(lon, lat, x, y);
        if (3 * vertexCount == vertexDistances.length) {
            vertexDistances = Arrays.copyOf(vertexDistances, 2 * vertexDistances.length);
        }
        vertexDistances[3 * vertexCount] = x;
        vertexDistances[3 * vertexCount + 1] = y;
        vertexDistances[3 * vertexCount + 2] = d;
        vertexCount++;
        return d;
    }

    /**
     * A lower bound in metres per radian of longitude along any geodesic from latitude
     * {@code lat} shorter than {@code within} metres (plus one): such a geodesic stays within
     * (within + 1) / M_min radians of that latitude (a radian of latitude costs at least
     * M_min = a(1 - e^2)), where the parallel's radius N cos(phi) is at least a cos(phi_max)
     * (N >= a). Zero when the band reaches a pole. With it the metric
     * ds^2 = M^2 dphi^2 + (N cos phi)^2 dlambda^2 is at least the flat
     * (M_min dphi)^2 + (a cos(phi_max) dlambda)^2, in which the shortest path is straight.
     */
    static double longitudeMetresPerRadian(double lat, double within) {
        double farLat = Math.toRadians(Math.abs(lat)) + (within + 1) / Geodesy.MIN_RADIUS;
        return farLat >= Math.PI / 2 ? 0 : Geodesy.EQUATORIAL_RADIUS * Math.cos(farLat);
    }

    /** Each edge's distance from the point in the flat metric with {@code perLonRadian} metres per radian of longitude. */
    private void lowerBounds(double perLonRadian, double[] bound) {
        double x = lon - 360 * Math.rint(lon / 360);
        for (int i = 0; i < count; i++) {
            if (!done[i]) {
                int k = 4 * i;
                bound[i] = flatDistance(x, lat, edges[k], edges[k + 1], edges[k + 2], edges[k + 3], perLonRadian);
            }
        }
    }

    /**
     * Distance in metres from (x, y) to the segment A-B (degrees) in the flat metric
     * (M_min dlat, perLonRadian dlon), over the segment's copies shifted by whole turns of
     * longitude (a geodesic may cross the antimeridian).
     */
    static double flatDistance(double x, double y, double ax, double ay, double bx, double by, double perLonRadian) {
        if (Math.abs(bx - ax) > 360) {
            return 0;
        }
        // the copy whose middle is nearest x; its neighbours only when it reaches half a turn away
        double shift = 360 * Math.rint(((ax + bx) / 2 - x) / 360);
        double sx = Math.toRadians(perLonRadian);
        double sy = Math.toRadians(Geodesy.MIN_RADIUS);
        double d2 = segment2((ax - shift - x) * sx, (ay - y) * sy, (bx - shift - x) * sx, (by - y) * sy);
        if (Math.max(ax, bx) - shift > x + 180 || Math.min(ax, bx) - shift < x - 180) {
            d2 = Math.min(d2, segment2((ax - shift - 360 - x) * sx, (ay - y) * sy, (bx - shift - 360 - x) * sx,
                    (by - y) * sy));
            d2 = Math.min(d2, segment2((ax - shift + 360 - x) * sx, (ay - y) * sy, (bx - shift + 360 - x) * sx,
                    (by - y) * sy));
        }
        return Math.sqrt(d2);
    }

    /** Squared distance from the origin to the segment A-B. */
    private static double segment2(double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : -(ax * dx + ay * dy) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double ex = ax + t * dx;
        double ey = ay + t * dy;
        return ex * ex + ey * ey;
    }
}
