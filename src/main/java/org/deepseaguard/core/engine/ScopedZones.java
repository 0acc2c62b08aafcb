package org.deepseaguard.core.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.rules.DistanceBounds;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A conservative gate in front of the zone index's expensive geodesic queries
 * ({@link org.deepseaguard.core.geo.ZoneIndex#near}, {@link org.deepseaguard.core.geo.ZoneIndex#crossedBy}):
 * it holds only the zones some rule of one type could judge (e.g. the zones in scope of a
 * {@code proximity} rule) and answers "could the query find one of them?" with envelopes and a
 * planar distance turned into a rigorous lower bound in metres. A {@code false} answer is exact
 * (the query would find none of these zones); a {@code true} answer only means "ask the index".
 * It never decides membership, distances or crossings itself.
 *
 * <p>Lower bound used: a geodesic of length s from a point at latitude φ stays within s / M_min
 * radians of latitude (M_min = a(1 - e²), the smallest meridional radius), and there every
 * displacement of (Δφ, Δλ) radians costs at least min(M_min, a cos φ_max) times its planar length,
 * so s is at least that factor times the planar distance in degrees (converted to radians).
 * Near the poles, near the antimeridian and for long segments the gate just says {@code true}.
 *
 * <p>Lookup: a one-degree grid over the world holding, per cell, the zones whose envelope meets
 * it; a query looks at the few cells its window spans (more than {@value #MAX_CELLS}: "ask the
 * index"). Cheaper than an STRtree query for the tiny windows of consecutive fixes.
 *
 * <p>Immutable after construction and thread-safe (never written after the constructor).
 */
final class ScopedZones {

    private static final double M_MIN = 6_335_439.0;
    private static final double A = 6_378_137.0;
    /** Above this latitude (degrees) the gate does not try. */
    private static final double MAX_LAT = 80;
    /** Segments spanning more degrees than this (latitude or longitude) are always passed to the index. */
    private static final double MAX_SEGMENT_DEG = 1;

    /** Grid cells of one degree: cell (x, y) covers [x - 180, x - 179) x [y - 90, y - 89). */
    private static final int COLUMNS = 360;
    private static final int ROWS = 180;
    /** Windows spanning more cells than this are not looked up (the gate says "ask the index"). */
    private static final int MAX_CELLS = 16;

    /** Per cell, the zones whose envelope meets it; {@code null} for none. */
    private final Shape[][] cells = new Shape[COLUMNS * ROWS][];
    private final boolean empty;
    /** The zones of this set, by identity (the index's own instances). */
    private final Set<Zone> members = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param zones the zones of the set: the zone index's own instances, as the lists passed to
     *              the queries hold (they are compared by identity)
     */
    ScopedZones(List<Zone> zones) {
        List<List<Shape>> building = new ArrayList<>(COLUMNS * ROWS);
        for (int i = 0; i < COLUMNS * ROWS; i++) {
            building.add(null);
        }
        for (Zone zone : zones) {
            Shape shape = new Shape(zone);
            for (int y = row(shape.minY); y <= row(shape.maxY); y++) {
                for (int x = column(shape.minX); x <= column(shape.maxX); x++) {
                    int cell = y * COLUMNS + x;
                    if (building.get(cell) == null) {
                        building.set(cell, new ArrayList<>(2));
                    }
                    building.get(cell).add(shape);
                }
            }
        }
        for (int i = 0; i < COLUMNS * ROWS; i++) {
            if (building.get(i) != null) {
                cells[i] = building.get(i).toArray(new Shape[0]);
            }
        }
        empty = zones.isEmpty();
        members.addAll(zones);
    }

    /**
     * A zone's envelope and boundary in flat arrays, the gate reads no JTS object per query: every
     * ring's vertices one after the other, and the edges (index of their first vertex) listed in
     * each latitude band they reach, so a query looks only at the edges of the bands it spans.
     */
    private static final class Shape {
        final Zone zone;
        final double minX;
        final double maxX;
        final double minY;
        final double maxY;
        private final double[] xy;
        private final int bands;
        private final double bandsPerDegree;
        /** The edges reaching band b are bandEdges[bandStart[b] .. bandStart[b + 1]). */
        private final int[] bandStart;
        private final int[] bandEdges;

        Shape(Zone zone) {
            this.zone = zone;
            Geometry g = zone.geometry();
            Envelope e = g.getEnvelopeInternal();
            minX = e.getMinX();
            maxX = e.getMaxX();
            minY = e.getMinY();
            maxY = e.getMaxY();
            List<CoordinateSequence> rings = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) g.getGeometryN(i);
                rings.add(polygon.getExteriorRing().getCoordinateSequence());
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    rings.add(polygon.getInteriorRingN(h).getCoordinateSequence());
                }
            }
            int points = rings.stream().mapToInt(CoordinateSequence::size).sum();
            xy = new double[2 * points];
            int[] edges = new int[points - rings.size()];
            int v = 0;
            int n = 0;
            for (CoordinateSequence ring : rings) {
                for (int i = 0; i < ring.size(); i++) {
                    xy[2 * (v + i)] = ring.getX(i);
                    xy[2 * (v + i) + 1] = ring.getY(i);
                    if (i + 1 < ring.size()) {
                        edges[n++] = v + i;
                    }
                }
                v += ring.size();
            }
            double height = maxY - minY;
            bands = height > 0 ? Math.max(1, Math.min(256, edges.length / 4)) : 1;
            bandsPerDegree = height > 0 ? bands / height : 0;
            bandStart = new int[bands + 1];
            for (int edge : edges) {
                for (int b = band(lowY(edge)); b <= band(highY(edge)); b++) {
                    bandStart[b + 1]++;
                }
            }
            for (int b = 0; b < bands; b++) {
                bandStart[b + 1] += bandStart[b];
            }
            bandEdges = new int[bandStart[bands]];
            int[] fill = java.util.Arrays.copyOf(bandStart, bands);
            for (int edge : edges) {
                for (int b = band(lowY(edge)); b <= band(highY(edge)); b++) {
                    bandEdges[fill[b]++] = edge;
                }
            }
        }

        private double lowY(int edge) {
            return Math.min(xy[2 * edge + 1], xy[2 * edge + 3]);
        }

        private double highY(int edge) {
            return Math.max(xy[2 * edge + 1], xy[2 * edge + 3]);
        }

        /** The band of latitude y, clamped; non-decreasing in y, so an edge's bands hold its points' bands. */
        private int band(double y) {
            return Math.max(0, Math.min(bands - 1, (int) Math.floor((y - minY) * bandsPerDegree)));
        }

        boolean meets(double fromX, double toX, double fromY, double toY) {
            return minX <= toX && maxX >= fromX && minY <= toY && maxY >= fromY;
        }

        /**
         * True when the boundary comes within {@code d} (planar degrees) of the segment
         * (x1, y1)-(x2, y2) (a point when both ends are equal). Only the bands within d of the
         * segment's latitudes are read (an edge that near has a point there); edges whose box,
         * grown by d, misses the segment's are skipped at once. Allocation-free.
         */
        boolean boundaryWithin(double x1, double y1, double x2, double y2, double d) {
            double fromX = Math.min(x1, x2) - d;
            double toX = Math.max(x1, x2) + d;
            double fromY = Math.min(y1, y2) - d;
            double toY = Math.max(y1, y2) + d;
            if (!meets(fromX, toX, fromY, toY)) {
                return false;
            }
            double d2 = d * d;
            for (int k = bandStart[band(fromY)], end = bandStart[band(toY) + 1]; k < end; k++) {
                int i = 2 * bandEdges[k];
                double ax = xy[i];
                double ay = xy[i + 1];
                double bx = xy[i + 2];
                double by = xy[i + 3];
                if (!(Math.max(ax, bx) < fromX || Math.min(ax, bx) > toX
                        || Math.max(ay, by) < fromY || Math.min(ay, by) > toY)
                        && segmentsWithin(x1, y1, x2, y2, ax, ay, bx, by, d2)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** True when {@code zone} (the index's instance) is one of this set. */
    boolean holds(Zone zone) {
        return members.contains(zone);
    }

    private static int column(double lon) {
        return Math.max(0, Math.min(COLUMNS - 1, (int) Math.floor(lon + 180)));
    }

    private static int row(double lat) {
        return Math.max(0, Math.min(ROWS - 1, (int) Math.floor(lat + 90)));
    }

    boolean isEmpty() {
        return empty;
    }

    /**
     * False only when no zone of this set that does not cover the point (2-D) can have its
     * boundary closer than {@code radiusMetres} to it.
     *
     * @param covering the zones covering the point (2-D footprint), which {@code near} never lists
     */
    boolean mayBeNear(double lon, double lat, double radiusMetres, List<Zone> covering) {
        if (empty) {
            return false;
        }
        double dLatDeg = Math.toDegrees(radiusMetres / M_MIN);
        double farLat = Math.abs(lat) + dLatDeg;
        if (farLat > MAX_LAT) {
            return true;
        }
        double metresPerRadian = Math.min(M_MIN, A * Math.cos(Math.toRadians(farLat)));
        double dLonDeg = Math.toDegrees(radiusMetres / metresPerRadian);
        if (lon - dLonDeg < -180 || lon + dLonDeg > 180) {
            return true;
        }
        double minX = lon - dLonDeg;
        double maxX = lon + dLonDeg;
        double minY = lat - dLatDeg;
        double maxY = lat + dLatDeg;
        int x0 = column(minX);
        int x1 = column(maxX);
        int y0 = row(minY);
        int y1 = row(maxY);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            return true;
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                Shape[] shapes = cells[y * COLUMNS + x];
                if (shapes == null) {
                    continue;
                }
                for (Shape shape : shapes) {
                    if (shape.meets(minX, maxX, minY, maxY) && shape.boundaryWithin(lon, lat, lon, lat, dLonDeg)
                            && !contains(covering, shape.zone)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when a cell within one cell of the box holds a zone. */
    private boolean anyZoneAround(double minX, double maxX, double minY, double maxY) {
        int x0 = Math.max(0, column(minX) - 1);
        int x1 = Math.min(COLUMNS - 1, column(maxX) + 1);
        int y0 = Math.max(0, row(minY) - 1);
        int y1 = Math.min(ROWS - 1, row(maxY) + 1);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (cells[y * COLUMNS + x] != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** By identity: the lists hold the index's instances, as this set does. */
    private static boolean contains(List<Zone> zones, Zone zone) {
        for (int i = 0, n = zones.size(); i < n; i++) {
            if (zones.get(i) == zone) {
                return true;
            }
        }
        return false;
    }

    /**
     * False only when no zone of this set that is a member at neither fix can be crossed by the
     * geodesic between the two points.
     */
    boolean mayBeCrossed(double lon1, double lat1, double lon2, double lat2,
                         Map<String, ?> membersBefore, Map<String, ?> membersAfter, List<Zone> coveringAfter) {
        if (empty) {
            return false;
        }
        double maxAbsLat = Math.max(Math.abs(lat1), Math.abs(lat2));
        if (Math.abs(lon2 - lon1) > MAX_SEGMENT_DEG || Math.abs(lat2 - lat1) > MAX_SEGMENT_DEG
                || maxAbsLat > MAX_LAT) {
            return true;
        }
        // cheap first look: cells around the segment's box, grown by one cell (more than any margin
        // below for a segment of at most one degree); nothing there, nothing to cross
        if (!anyZoneAround(Math.min(lon1, lon2), Math.max(lon1, lon2), Math.min(lat1, lat2), Math.max(lat1, lat2))) {
            return false;
        }
        // the geodesic strays from the straight (lon, lat) chord by about L² tan(φ) / 8R; take 5x and 10 m
        double length = DistanceBounds.upperBoundMetres(lon1, lat1, lon2, lat2);
        double strayMetres = 5 * length * length * Math.tan(Math.toRadians(maxAbsLat + 1)) / (8 * M_MIN) + 10;
        double margin = Math.toDegrees(strayMetres / Math.min(M_MIN, A * Math.cos(Math.toRadians(maxAbsLat + 1))));
        double minX = Math.min(lon1, lon2) - margin;
        double maxX = Math.max(lon1, lon2) + margin;
        double minY = Math.min(lat1, lat2) - margin;
        double maxY = Math.max(lat1, lat2) + margin;
        int x0 = column(minX);
        int x1 = column(maxX);
        int y0 = row(minY);
        int y1 = row(maxY);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            return true;
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                Shape[] shapes = cells[y * COLUMNS + x];
                if (shapes == null) {
                    continue;
                }
                for (Shape shape : shapes) {
                    // the second fix is in the footprint (not a member: depth band or validity), or
                    // the chord comes near the boundary of a zone that is a member at neither fix:
                    // ask the index
                    if (shape.meets(minX, maxX, minY, maxY)
                            && (contains(coveringAfter, shape.zone)
                                || shape.boundaryWithin(lon1, lat1, lon2, lat2, margin))
                            && !membersBefore.containsKey(shape.zone.zoneId())
                            && !membersAfter.containsKey(shape.zone.zoneId())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** True when segments p1-p2 and a-b cross or come within sqrt(d2) of each other (planar). */
    static boolean segmentsWithin(double p1x, double p1y, double p2x, double p2y,
                                  double ax, double ay, double bx, double by, double d2) {
        if (pointSegment2(p1x, p1y, ax, ay, bx, by) <= d2 || pointSegment2(p2x, p2y, ax, ay, bx, by) <= d2
                || pointSegment2(ax, ay, p1x, p1y, p2x, p2y) <= d2 || pointSegment2(bx, by, p1x, p1y, p2x, p2y) <= d2) {
            return true;
        }
        // a proper crossing (touching and collinear cases were caught above: an end is within 0)
        double o1 = cross(p1x, p1y, p2x, p2y, ax, ay);
        double o2 = cross(p1x, p1y, p2x, p2y, bx, by);
        double o3 = cross(ax, ay, bx, by, p1x, p1y);
        double o4 = cross(ax, ay, bx, by, p2x, p2y);
        return (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0) && o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0;
    }

    private static double cross(double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    }

    /** Squared planar distance from point p to segment a-b. */
    private static double pointSegment2(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        double ex = ax + t * dx - px;
        double ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }
}
