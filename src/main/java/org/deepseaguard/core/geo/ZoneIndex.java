package org.deepseaguard.core.geo;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.Zone;

/**
 * Spatial index of zones: an STRtree over prepared geometries, built once and never mutated.
 *
 * <p>All coordinates are WGS 84 degrees given as (longitude, latitude). Lookups are 2-D footprint
 * only: depth bands and validity periods are the caller's business ({@link Zone#isInDepthBand},
 * {@link Zone#isValidAt}). A point on a zone's boundary is inside ({@code covers} semantics).
 * Zones are stored split at the antimeridian, so a point at longitude 180 or -180 is found in the
 * zones touching either side.
 *
 * <p>Instances are immutable and thread-safe; replace the whole index to change the zone set.
 */
public final class ZoneIndex {

    /** Builds an index over {@code zones} (zone ids must be unique). */
    public static ZoneIndex of(Collection<Zone> zones) {
        throw new UnsupportedOperationException("TODO");
    }

    public static ZoneIndex empty() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Zones whose footprint covers the point, in zone id order. Never null. */
    public List<Zone> covering(double longitude, double latitude) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Zones whose footprint does not cover the point but whose boundary lies closer than
     * {@code distanceMetres} (geodesic, WGS 84), each with that distance.
     */
    public List<ZoneDistance> near(double longitude, double latitude, double distanceMetres) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Zones whose footprint the geodesic from (lon1, lat1) to (lon2, lat2) crosses, with the first
     * point of the crossing. Used for crossings between sparse fixes.
     */
    public List<ZoneCrossing> crossedBy(double lon1, double lat1, double lon2, double lat2) {
        throw new UnsupportedOperationException("TODO");
    }

    public Optional<Zone> get(String zoneId) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every zone, in zone id order. */
    public List<Zone> zones() {
        throw new UnsupportedOperationException("TODO");
    }

    public int size() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A zone and the geodesic distance in metres from a point to its boundary. */
    public record ZoneDistance(Zone zone, double distanceMetres) {
    }

    /** A zone crossed by a segment, and the first point (longitude, latitude) found inside it. */
    public record ZoneCrossing(Zone zone, double longitude, double latitude) {
    }
}
