/**
 * Geofencing on the WGS 84 ellipsoid: the zone index ({@link org.deepseaguard.core.geo.ZoneIndex}:
 * which zones cover a point, which are near it, which a path crosses), geodesic distances in
 * metres ({@link org.deepseaguard.core.geo.Geodesy}) and the validation and antimeridian
 * normalisation of zone footprints ({@link org.deepseaguard.core.geo.ZoneGeometries}).
 *
 * <p>Coordinates are degrees with x = longitude, y = latitude, and every method takes
 * (longitude, latitude) in that order. Membership is planar {@code covers} on the footprint
 * (boundary inside); distances are geodesic, never degrees. Pure Java (JTS, GeographicLib):
 * no Spring, no Camel.
 */
package org.deepseaguard.core.geo;
