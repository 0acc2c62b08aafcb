package org.deepseaguard.core.engine;

import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.rules.DistanceBounds;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;

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
 * <p>Immutable after construction and thread-safe (the STRtree is built eagerly and only read).
 */
final class ScopedZones {

    private static final double M_MIN = 6_335_439.0;
    private static final double A = 6_378_137.0;
    /** Above this latitude (degrees) the gate does not try. */
    private static final double MAX_LAT = 80;
    /** Segments longer than this (metres, upper bound) are always passed to the index. */
    private static final double MAX_SEGMENT_M = 100_000;
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private final STRtree tree = new STRtree();
    private final boolean empty;

    ScopedZones(List<Zone> zones) {
        for (Zone zone : zones) {
            tree.insert(zone.geometry().getEnvelopeInternal(), zone);
        }
        tree.build();
        empty = zones.isEmpty();
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
        @SuppressWarnings("unchecked")
        List<Zone> candidates = tree.query(new Envelope(lon - dLonDeg, lon + dLonDeg, lat - dLatDeg, lat + dLatDeg));
        if (candidates.isEmpty()) {
            return false;
        }
        Point point = null;
        for (Zone zone : candidates) {
            if (contains(covering, zone.zoneId())) {
                continue;
            }
            if (point == null) {
                point = GEOMETRIES.createPoint(new Coordinate(lon, lat));
            }
            if (zone.geometry().isWithinDistance(point, dLonDeg)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(List<Zone> zones, String zoneId) {
        for (int i = 0, n = zones.size(); i < n; i++) {
            if (zones.get(i).zoneId().equals(zoneId)) {
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
                         Map<String, ?> membersBefore, Map<String, ?> membersAfter) {
        if (empty) {
            return false;
        }
        double maxAbsLat = Math.max(Math.abs(lat1), Math.abs(lat2));
        double length = DistanceBounds.upperBoundMetres(lon1, lat1, lon2, lat2);
        if (Math.abs(lon2 - lon1) > 180 || maxAbsLat > MAX_LAT || length > MAX_SEGMENT_M) {
            return true;
        }
        // the geodesic strays from the straight (lon, lat) chord by about L² tan(φ) / 8R; take 5x and 10 m
        double strayMetres = 5 * length * length * Math.tan(Math.toRadians(maxAbsLat + 1)) / (8 * M_MIN) + 10;
        double margin = Math.toDegrees(strayMetres / Math.min(M_MIN, A * Math.cos(Math.toRadians(maxAbsLat + 1))));
        Envelope window = new Envelope(lon1, lon2, lat1, lat2);
        window.expandBy(margin);
        @SuppressWarnings("unchecked")
        List<Zone> candidates = tree.query(window);
        if (candidates.isEmpty()) {
            return false;
        }
        LineString chord = null;
        for (Zone zone : candidates) {
            if (membersBefore.containsKey(zone.zoneId()) || membersAfter.containsKey(zone.zoneId())) {
                continue;
            }
            if (chord == null) {
                chord = GEOMETRIES.createLineString(new Coordinate[] {new Coordinate(lon1, lat1),
                        new Coordinate(lon2, lat2)});
            }
            if (zone.geometry().isWithinDistance(chord, margin)) {
                return true;
            }
        }
        return false;
    }
}
