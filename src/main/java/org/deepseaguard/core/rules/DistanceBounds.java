package org.deepseaguard.core.rules;

/**
 * A cheap upper bound of the geodesic distance on WGS 84, for skipping exact geodesic work when a
 * limit is clearly not reached. Arguments are degrees as (longitude, latitude), results metres.
 * Stateless and thread-safe.
 */
public final class DistanceBounds {

    /**
     * Largest radius of curvature of the WGS 84 ellipsoid, a / sqrt(1 - e^2) (the meridional
     * radius at the poles), in metres, rounded up; it bounds both the meridional radius and the
     * radius of a parallel over cos(latitude).
     */
    private static final double MAX_RADIUS_M = 6_399_594.0;

    private DistanceBounds() {
    }

    /**
     * An upper bound in metres of the geodesic distance between two points: the length of the
     * path that is straight in (latitude, longitude), the short way round in longitude, bounded
     * with the largest radii of curvature met on it. Never below the geodesic distance; about 1 %
     * above it for short steps at low latitudes, more for long or polar ones.
     */
    public static double upperBoundMetres(double lon1, double lat1, double lon2, double lat2) {
        double dLon = Math.abs(lon2 - lon1);
        if (dLon > 180) {
            dLon = 360 - dLon;
        }
        double equatorMost = (lat1 > 0) == (lat2 > 0) ? Math.min(Math.abs(lat1), Math.abs(lat2)) : 0;
        double dLat = Math.toRadians(lat2 - lat1);
        double east = Math.toRadians(dLon) * Math.cos(Math.toRadians(equatorMost));
        return MAX_RADIUS_M * Math.sqrt(dLat * dLat + east * east) * (1 + 1e-9) + 1e-6;
    }
}
