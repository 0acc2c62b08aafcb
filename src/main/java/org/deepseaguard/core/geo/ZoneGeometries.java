package org.deepseaguard.core.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.InvalidInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks a zone footprint and brings it into the form {@link ZoneIndex} and
 * {@link org.deepseaguard.core.model.Zone} expect: a valid Polygon or MultiPolygon in WGS 84
 * degrees, x = longitude, every longitude in [-180, 180].
 *
 * <p>Zones crossing the antimeridian are accepted in the three forms found in real data: already
 * split at ±180 (RFC 7946), with longitudes past ±180 (e.g. 170 to 190, accepted up to ±360), or
 * as a ring whose consecutive vertices jump by more than 180° of longitude (read as crossing the
 * antimeridian the short way, as Traccar does; a band wider than 180° therefore needs
 * intermediate vertices). Each ring is unwrapped to continuous longitudes, validated, split at
 * ±180 and the pieces shifted back, so the pieces share their seam at exactly +180 / -180.
 * Geometries that need none of this are returned unchanged (same instance, same coordinates).
 *
 * <p>Invalid input is refused, never repaired: wrong geometry type, empty, non-finite or
 * out-of-range coordinates, rings winding around a pole, and anything JTS {@link IsValidOp}
 * rejects (e.g. "Self-intersection at or near point (-117.2, 10.4)", the location with its
 * longitude brought into [-180, 180]). Consecutive repeated vertices are valid.
 *
 * <p>Stateless and thread-safe.
 */
public final class ZoneGeometries {

    /** Longitudes this close to ±180 after splitting are set to exactly ±180, so seams match. */
    private static final double SEAM_SNAP = 1e-9;

    private ZoneGeometries() {
    }

    /**
     * Validates a zone footprint and splits it at the antimeridian when it crosses it.
     *
     * @return a Polygon or MultiPolygon with every longitude in [-180, 180]
     * @throws InvalidInputException with field {@code geometry} and the reason, when refused
     */
    public static Geometry normalize(Geometry geometry) {
        if (!(geometry instanceof Polygon || geometry instanceof MultiPolygon)) {
            throw invalid("type must be Polygon or MultiPolygon, not "
                    + (geometry == null ? "null" : geometry.getGeometryType()));
        }
        if (geometry.isEmpty()) {
            throw invalid("must not be empty");
        }
        checkCoordinates(geometry);
        GeometryFactory factory = geometry.getFactory();
        List<Polygon> pieces = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) geometry.getGeometryN(i);
            Polygon unwrapped = unwrap(polygon);
            checkValid(unwrapped);
            Envelope env = unwrapped.getEnvelopeInternal();
            if (env.getMinX() >= -180 && env.getMaxX() <= 180) {
                changed |= unwrapped != polygon;
                pieces.add(unwrapped);
            } else {
                changed = true;
                split(unwrapped, pieces);
            }
        }
        Geometry result = changed
                ? pieces.size() == 1 ? pieces.get(0) : factory.createMultiPolygon(pieces.toArray(new Polygon[0]))
                : geometry;
        if (result.getNumGeometries() > 1) {
            checkValid(result); // parts of a MultiPolygon must not overlap
        }
        return result;
    }

    private static void checkCoordinates(Geometry geometry) {
        for (Coordinate c : geometry.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                throw invalid("coordinates must be finite numbers, found (" + c.x + ", " + c.y + ")");
            }
            if (c.y < -90 || c.y > 90) {
                throw invalid("latitude " + c.y + " is outside [-90, 90]");
            }
            if (c.x < -360 || c.x > 360) {
                throw invalid("longitude " + c.x + " is outside [-360, 360]");
            }
        }
    }

    /** The polygon with continuous longitudes (no jump over 180°), holes beside their shell. */
    private static Polygon unwrap(Polygon polygon) {
        LinearRing shell = unwrap(polygon.getExteriorRing());
        boolean changed = shell != polygon.getExteriorRing();
        double shellMid = shell.getEnvelopeInternal().centre().x;
        LinearRing[] holes = new LinearRing[polygon.getNumInteriorRing()];
        for (int i = 0; i < holes.length; i++) {
            LinearRing hole = unwrap(polygon.getInteriorRingN(i));
            double turns = Math.rint((hole.getEnvelopeInternal().centre().x - shellMid) / 360);
            if (turns != 0) {
                hole = shifted(hole.getCoordinates(), -360 * turns, polygon.getFactory());
            }
            changed |= hole != polygon.getInteriorRingN(i);
            holes[i] = hole;
        }
        return changed ? polygon.getFactory().createPolygon(shell, holes) : polygon;
    }

    private static LinearRing unwrap(LinearRing ring) {
        Coordinate[] c = ring.getCoordinates();
        Coordinate[] out = null;
        long turns = 0;
        for (int i = 1; i < c.length; i++) {
            double step = c[i].x - c[i - 1].x;
            // -180 next to 180 is the same meridian written twice (e.g. a world-wide band): keep it
            boolean sameMeridian = Math.abs(c[i - 1].x) == 180 && c[i].x == -c[i - 1].x;
            if (Math.abs(step) > 180 && !sameMeridian) {
                turns -= Math.round(step / 360);
            }
            if (turns != 0 && out == null) {
                out = new Coordinate[c.length];
                for (int k = 0; k < i; k++) {
                    out[k] = new Coordinate(c[k].x, c[k].y);
                }
            }
            if (out != null) {
                out[i] = new Coordinate(c[i].x + 360 * turns, c[i].y);
            }
        }
        if (turns != 0) {
            throw invalid("ring winds around a pole or the whole globe; split it at the antimeridian (RFC 7946)");
        }
        return out == null ? ring : ring.getFactory().createLinearRing(out);
    }

    /** Cuts an unwrapped polygon into its parts in each 360° world copy, shifted into [-180, 180]. */
    private static void split(Polygon polygon, List<Polygon> pieces) {
        Envelope env = polygon.getEnvelopeInternal();
        long first = (long) Math.floor((env.getMinX() - 180) / 360) + 1;
        long last = (long) Math.ceil((env.getMaxX() + 180) / 360) - 1;
        GeometryFactory factory = polygon.getFactory();
        for (long k = first; k <= last; k++) {
            Geometry copy = factory.toGeometry(new Envelope(-180 + 360 * k, 180 + 360 * k, -90, 90));
            Geometry part = OverlayNGRobust.overlay(polygon, copy, OverlayNG.INTERSECTION);
            for (Object o : PolygonExtracter.getPolygons(part)) {
                Polygon piece = (Polygon) o;
                if (piece.getArea() > 0) {
                    pieces.add((Polygon) shiftedInPlace(piece, -360 * k));
                }
            }
        }
    }

    private static LinearRing shifted(Coordinate[] ring, double dx, GeometryFactory factory) {
        Coordinate[] out = new Coordinate[ring.length];
        for (int i = 0; i < ring.length; i++) {
            out[i] = new Coordinate(ring[i].x + dx, ring[i].y);
        }
        return factory.createLinearRing(out);
    }

    /** Shifts a freshly computed geometry in place and snaps longitudes next to ±180 onto it. */
    private static Geometry shiftedInPlace(Geometry geometry, double dx) {
        geometry.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i) + dx;
                if (Math.abs(Math.abs(x) - 180) < SEAM_SNAP) {
                    x = Math.copySign(180, x);
                }
                seq.setOrdinate(i, CoordinateSequence.X, x);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return geometry;
    }

    private static void checkValid(Geometry geometry) {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error == null) {
            return;
        }
        Coordinate at = error.getCoordinate();
        String where = at == null ? ""
                : " at or near point (" + format(wrapLongitude(at.x)) + ", " + format(at.y) + ")";
        throw invalid(error.getMessage() + where);
    }

    private static double wrapLongitude(double x) {
        return x >= -180 && x <= 180 ? x : x - 360 * Math.floor((x + 180) / 360);
    }

    private static String format(double v) {
        return BigDecimal.valueOf(v).setScale(7, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("geometry", message);
    }
}
