package org.deepseaguard.core.geo;

import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Geodesic computations on the WGS 84 ellipsoid (GeographicLib, Karney's algorithms). Arguments
 * are degrees given as (longitude, latitude); results are metres. Longitudes may be given in any
 * range (180.5 is -179.5). Correct across the antimeridian and near the poles.
 *
 * <p>Zone edges are what JTS tests membership against: straight lines in (longitude, latitude).
 * The distance to an edge is the geodesic distance to the nearest point of that line, so a point
 * {@code covers} finds on the boundary is at distance 0. (Treating edges as geodesics instead
 * would put a long east-west edge up to about a kilometre away from where the membership test
 * draws it.)
 *
 * <p>Stateless and thread-safe.
 */
public final class Geodesy {

    private static final Geodesic WGS84 = Geodesic.WGS84;
    /** a; also the smallest east-west radius of curvature. */
    static final double EQUATORIAL_RADIUS = WGS84.EquatorialRadius();
    private static final double F = WGS84.Flattening();
    /** Smallest radius of curvature of the ellipsoid (meridional, at the equator): a (1 - e^2). */
    static final double MIN_RADIUS = EQUATORIAL_RADIUS * (1 - F) * (1 - F);
    /** Largest radius of curvature (at the poles): a^2 / b. */
    private static final double MAX_RADIUS = EQUATORIAL_RADIUS / (1 - F);
    /** How exactly the nearest point of an edge is located, in metres along the edge. */
    private static final double EDGE_TOLERANCE_M = 0.01;
    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

    private Geodesy() {
    }

    /** Geodesic distance in metres between two points. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        return WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * Geodesic distance in metres from a point to the edge A-B, the edge drawn as a straight line
     * in (longitude, latitude) as JTS draws polygon edges. An edge whose ends are more than 180°
     * of longitude apart is taken the short way across the antimeridian. Accurate to about a
     * centimetre for edges up to a few thousand kilometres.
     */
    public static double distanceToEdge(double lon, double lat, double lonA, double latA, double lonB, double latB) {
        double dx = lonB - lonA;
        if (Math.abs(dx) > 180) {
            lonB -= 360 * Math.rint(dx / 360);
        }
        return edgeDistance(lon, lat, lonA, latA, lonB, latB,
                distance(lon, lat, lonA, latA), distance(lon, lat, lonB, latB));
    }

    /**
     * Geodesic distance in metres from a point to the boundary (every ring, holes included) of a
     * Polygon or MultiPolygon, whether the point is inside or outside. For a zone split at the
     * antimeridian (vertices on both +180 and -180) the edges along ±180 are skipped: they are
     * seams of the split, not boundary.
     */
    public static double distanceToBoundary(double lon, double lat, Geometry polygonal) {
        return distanceToBoundary(lon, lat, polygonal, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #distanceToBoundary(double, double, Geometry)}, but gives up on edges that cannot
     * come closer than {@code limit}: the result is exact when below {@code limit}, else
     * {@code limit}.
     */
    static double distanceToBoundary(double lon, double lat, Geometry polygonal, double limit) {
        return new BoundarySearch(lon, lat).polygonal(polygonal).distance(limit);
    }

    /** An upper bound of the length in metres of an edge drawn straight in (lon, lat). */
    static double edgeLengthBound(double ax, double ay, double bx, double by) {
        double dLat = Math.toRadians(Math.abs(by - ay));
        double dLon = Math.toRadians(Math.abs(bx - ax));
        double latNearestEquator = ay * by <= 0 ? 0 : Math.min(Math.abs(ay), Math.abs(by));
        double east = dLon * Math.cos(Math.toRadians(latNearestEquator));
        return MAX_RADIUS * Math.hypot(dLat, east);
    }

    /** Golden-section search along the edge; dA and dB are the distances to its ends. */
    static double edgeDistance(double lon, double lat, double ax, double ay, double bx, double by,
                               double dA, double dB) {
        return edgeDistance(lon, lat, ax, ay, bx, by, dA, dB, Double.NEGATIVE_INFINITY);
    }

    /**
     * As {@link #edgeDistance(double, double, double, double, double, double, double, double)}, but
     * ends at the first distance the search evaluates below {@code stopBelow} and returns it: the
     * distance to a point of the edge, so at least the full search's result (which is the smallest
     * distance it evaluates: the smaller of f1 and f2 never grows), and below {@code stopBelow}.
     */
    static double edgeDistance(double lon, double lat, double ax, double ay, double bx, double by,
                               double dA, double dB, double stopBelow) {
        double tolerance = EDGE_TOLERANCE_M / Math.max(edgeLengthBound(ax, ay, bx, by), EDGE_TOLERANCE_M);
        double lo = 0;
        double hi = 1;
        double t1 = hi - INV_PHI * (hi - lo);
        double t2 = lo + INV_PHI * (hi - lo);
        double f1 = distance(lon, lat, ax + t1 * (bx - ax), ay + t1 * (by - ay));
        double f2 = distance(lon, lat, ax + t2 * (bx - ax), ay + t2 * (by - ay));
        while (hi - lo > tolerance && !(f1 < stopBelow || f2 < stopBelow)) {
            if (f1 < f2) {
                hi = t2;
                t2 = t1;
                f2 = f1;
                t1 = hi - INV_PHI * (hi - lo);
                f1 = distance(lon, lat, ax + t1 * (bx - ax), ay + t1 * (by - ay));
            } else {
                lo = t1;
                t1 = t2;
                f1 = f2;
                t2 = lo + INV_PHI * (hi - lo);
                f2 = distance(lon, lat, ax + t2 * (bx - ax), ay + t2 * (by - ay));
            }
        }
        return Math.min(Math.min(dA, dB), Math.min(f1, f2));
    }

    /** True for a zone split at the antimeridian: it has vertices on both +180 and -180. */
    static boolean isSplit(Coordinate[] vertices) {
        boolean east = false;
        boolean west = false;
        for (Coordinate c : vertices) {
            east |= c.x == 180;
            west |= c.x == -180;
        }
        return east && west;
    }

    /**
     * The geodesic from point 1 to point 2 as polylines in (longitude, latitude) with vertices at
     * most {@code maxStepMetres} apart, cut where it crosses the antimeridian (one polyline ending
     * at ±180, the next starting at ∓180), so every part lies inside [-180, 180].
     */
    static List<Coordinate[]> path(double lon1, double lat1, double lon2, double lat2, double maxStepMetres) {
        GeodesicLine line = WGS84.InverseLine(lat1, lon1, lat2, lon2,
                GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.DISTANCE_IN);
        int steps = Math.max(1, (int) Math.ceil(line.Distance() / maxStepMetres));
        List<Coordinate[]> parts = new ArrayList<>();
        List<Coordinate> part = new ArrayList<>();
        Coordinate previous = new Coordinate(lon1, lat1);
        part.add(previous);
        for (int i = 1; i <= steps; i++) {
            Coordinate next;
            if (i == steps) {
                next = new Coordinate(lon2, lat2);
            } else {
                GeodesicData p = line.Position(line.Distance() * i / steps,
                        GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
                next = new Coordinate(p.lon2, p.lat2);
            }
            double dx = next.x - previous.x;
            if (Math.abs(dx) > 180) {
                double side = Math.signum(previous.x);
                double unwrapped = next.x + 360 * side;
                double t = (180 * side - previous.x) / (unwrapped - previous.x);
                double y = previous.y + t * (next.y - previous.y);
                part.add(new Coordinate(180 * side, y));
                parts.add(part.toArray(new Coordinate[0]));
                part = new ArrayList<>();
                part.add(new Coordinate(-180 * side, y));
            }
            part.add(next);
            previous = next;
        }
        parts.add(part.toArray(new Coordinate[0]));
        return parts;
    }
}
