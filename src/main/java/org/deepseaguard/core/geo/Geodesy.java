package org.deepseaguard.core.geo;

/**
 * Geodesic computations on the WGS 84 ellipsoid. Arguments are degrees given as
 * (longitude, latitude); results are metres. Correct across the antimeridian and near the poles.
 * Stateless and thread-safe.
 */
public final class Geodesy {

    private Geodesy() {
    }

    /** Geodesic distance in metres between two points. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        throw new UnsupportedOperationException("TODO");
    }
}
