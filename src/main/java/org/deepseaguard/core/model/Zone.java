package org.deepseaguard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * A geofenced zone.
 *
 * <p>{@code geometry} is a JTS Polygon or MultiPolygon in WGS 84 degrees, x = longitude,
 * y = latitude, every longitude inside [-180, 180]: zones crossing the antimeridian are stored
 * split at ±180 (RFC 7946), which {@link org.deepseaguard.core.io.GeoJsonZones} does on read.
 * {@code minDepth}/{@code maxDepth} are the depth band in metres, positive down, bounds
 * inclusive, {@code null} for no bound. The validity period is {@code validFrom} inclusive to
 * {@code validTo} exclusive, {@code null} for no bound. {@code version} starts at 1 and grows by
 * one on every change.
 *
 * <p>Immutable and thread-safe as long as nobody mutates the JTS geometry (the core never does).
 */
public record Zone(
        String zoneId,
        String name,
        ZoneType zoneType,
        String contractId,
        String contractor,
        List<String> authorizedAuvs,
        Double minDepth,
        Double maxDepth,
        Instant validFrom,
        Instant validTo,
        String source,
        Geometry geometry,
        int version) {

    public Zone {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(geometry, "geometry");
        zoneType = zoneType == null ? ZoneType.CUSTOM : zoneType;
        authorizedAuvs = authorizedAuvs == null ? List.of() : List.copyOf(authorizedAuvs);
    }

    /** True when {@code t} is inside the validity period ({@code validFrom} inclusive, {@code validTo} exclusive). */
    public boolean isValidAt(Instant t) {
        return (validFrom == null || !t.isBefore(validFrom)) && (validTo == null || t.isBefore(validTo));
    }

    /** True when {@code depth} (metres, positive down) is inside the depth band, bounds inclusive. */
    public boolean isInDepthBand(double depth) {
        return (minDepth == null || depth >= minDepth) && (maxDepth == null || depth <= maxDepth);
    }

    /** True when the zone restricts who may enter it ({@code contract_id} or {@code authorized_auvs} given). */
    public boolean isAccessControlled() {
        return contractId != null || !authorizedAuvs.isEmpty();
    }

    /** A copy with another version number. */
    public Zone withVersion(int newVersion) {
        return new Zone(zoneId, name, zoneType, contractId, contractor, authorizedAuvs, minDepth, maxDepth,
                validFrom, validTo, source, geometry, newVersion);
    }
}
