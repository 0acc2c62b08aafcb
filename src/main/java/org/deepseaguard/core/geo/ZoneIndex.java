package org.deepseaguard.core.geo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepseaguard.core.model.Zone;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Spatial index of zones: an STRtree over prepared geometries, built once and never mutated.
 *
 * <p>All coordinates are WGS 84 degrees given as (longitude, latitude); distances are metres on
 * the ellipsoid. Lookups are 2-D footprint only: depth bands and validity periods are the
 * caller's business ({@link Zone#isInDepthBand}, {@link Zone#isValidAt}). A point on a zone's
 * boundary is inside ({@code covers} semantics). Zones must be normalised
 * ({@link ZoneGeometries#normalize}): stored split at the antimeridian, so a point at longitude
 * 180 or -180 is found in the zones touching either side. Results are in zone id order.
 *
 * <p>Each polygon of a zone is a separate tree item (a split zone's two halves would otherwise
 * share one world-wide envelope). {@link #covering} locates the point with each candidate's
 * prepared point-in-area locator directly, which avoids the per-call allocations and the lock
 * that {@code PreparedGeometry.covers(Point)} takes; the locators are warmed at build time.
 *
 * <p>Instances are immutable and thread-safe; replace the whole index to change the zone set.
 */
public final class ZoneIndex {

    /** Paths are walked in chords of at most this many metres; a chord strays from the geodesic by millimetres. */
    private static final double PATH_STEP_M = 1000;
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();
    private static final ZoneIndex EMPTY = new ZoneIndex(List.of());

    private final List<Zone> zones;
    private final Map<String, Entry> byId;
    private final STRtree tree;

    private ZoneIndex(Collection<Zone> input) {
        List<Zone> sorted = new ArrayList<>(input);
        sorted.sort(Comparator.comparing(Zone::zoneId));
        this.zones = List.copyOf(sorted);
        this.byId = new HashMap<>(sorted.size() * 2);
        this.tree = new STRtree();
        PreparedGeometryFactory preparer = new PreparedGeometryFactory();
        for (int rank = 0; rank < sorted.size(); rank++) {
            Zone zone = sorted.get(rank);
            Geometry geometry = checkNormalised(zone);
            Entry entry = new Entry(zone, rank, new Part[geometry.getNumGeometries()]);
            if (byId.put(zone.zoneId(), entry) != null) {
                throw new IllegalArgumentException("duplicate zone id " + zone.zoneId());
            }
            for (int i = 0; i < entry.parts.length; i++) {
                PreparedPolygon polygon = (PreparedPolygon) preparer.create(geometry.getGeometryN(i));
                PointOnGeometryLocator locator = polygon.getPointLocator();
                // the locator builds its index lazily without a memory barrier: build it before publishing
                locator.locate(polygon.getGeometry().getCoordinate());
                entry.parts[i] = new Part(entry, polygon, locator);
                tree.insert(polygon.getGeometry().getEnvelopeInternal(), entry.parts[i]);
            }
        }
        tree.build();
    }

    private static Geometry checkNormalised(Zone zone) {
        Geometry g = zone.geometry();
        Envelope env = g.getEnvelopeInternal();
        if (!(g instanceof Polygonal) || g.isEmpty()
                || env.getMinX() < -180 || env.getMaxX() > 180 || env.getMinY() < -90 || env.getMaxY() > 90) {
            throw new IllegalArgumentException("zone " + zone.zoneId()
                    + ": geometry must be a non-empty Polygon or MultiPolygon inside [-180, 180] x [-90, 90];"
                    + " pass it through ZoneGeometries.normalize");
        }
        return g;
    }

    /**
     * Builds an index over {@code zones}.
     *
     * @throws IllegalArgumentException when two zones share an id or a geometry is not normalised
     */
    public static ZoneIndex of(Collection<Zone> zones) {
        return zones.isEmpty() ? EMPTY : new ZoneIndex(zones);
    }

    public static ZoneIndex empty() {
        return EMPTY;
    }

    /** Zones whose footprint covers the point, in zone id order. Never null; {@code List.of()} when none. */
    public List<Zone> covering(double longitude, double latitude) {
        Hits hits = new Hits(new Coordinate(longitude, latitude));
        tree.query(new Envelope(longitude, longitude, latitude, latitude), hits);
        return hits.zones();
    }

    /**
     * Zones whose footprint does not cover the point but whose boundary lies closer than
     * {@code distanceMetres} (geodesic, WGS 84), each with that distance, in zone id order.
     * Seam edges of zones split at the antimeridian are not boundary. None for a distance that
     * is not positive.
     */
    public List<ZoneDistance> near(double longitude, double latitude, double distanceMetres) {
        if (!(distanceMetres > 0)) {
            return List.of();
        }
        Coordinate p = new Coordinate(longitude, latitude);
        List<ZoneDistance> result = new ArrayList<>();
        for (Entry entry : candidatesNear(longitude, latitude, distanceMetres)) {
            if (!entry.covers(p)) {
                double d = Geodesy.distanceToBoundary(longitude, latitude, entry.zone.geometry(), distanceMetres);
                if (d < distanceMetres) {
                    result.add(new ZoneDistance(entry.zone, d));
                }
            }
        }
        return result;
    }

    /*
     * Every point within d metres lies within d / MIN_RADIUS radians of latitude, and within
     * d / (a cos(highest latitude reached)) radians of longitude, because the east-west radius of
     * curvature is never below a. Near a pole the window takes every longitude.
     */
    private List<Entry> candidatesNear(double lon, double lat, double d) {
        double dLat = Math.toDegrees(d / Geodesy.MIN_RADIUS) + 1e-9;
        double maxLat = Math.min(90, Math.abs(lat) + dLat);
        double dLon = Math.toDegrees(d / (Geodesy.EQUATORIAL_RADIUS * Math.cos(Math.toRadians(maxLat)))) + 1e-9;
        List<Envelope> windows = new ArrayList<>(2);
        if (!(dLon < 180)) {
            windows.add(new Envelope(-180, 180, lat - dLat, lat + dLat));
        } else {
            windows.add(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat));
            if (lon - dLon < -180) {
                windows.add(new Envelope(lon - dLon + 360, 180, lat - dLat, lat + dLat));
            }
            if (lon + dLon > 180) {
                windows.add(new Envelope(-180, lon + dLon - 360, lat - dLat, lat + dLat));
            }
        }
        boolean[] seen = new boolean[zones.size()];
        List<Entry> candidates = new ArrayList<>();
        for (Envelope window : windows) {
            tree.query(window, item -> {
                Entry entry = ((Part) item).entry;
                if (!seen[entry.rank]) {
                    seen[entry.rank] = true;
                    candidates.add(entry);
                }
            });
        }
        candidates.sort(Comparator.comparingInt(e -> e.rank));
        return candidates;
    }

    /**
     * Zones whose footprint the geodesic from (lon1, lat1) to (lon2, lat2) crosses or touches,
     * with the first point of the geodesic inside each (the start point when it is already
     * inside), in zone id order. The geodesic is taken the short way, across the antimeridian if
     * that is shorter. Used for crossings between sparse fixes.
     */
    public List<ZoneCrossing> crossedBy(double lon1, double lat1, double lon2, double lat2) {
        List<ZoneCrossing> found = new ArrayList<>();
        boolean[] seen = new boolean[zones.size()];
        for (Coordinate[] part : Geodesy.path(lon1, lat1, lon2, lat2, PATH_STEP_M)) {
            LineString line = GEOMETRIES.createLineString(part);
            List<Entry> candidates = new ArrayList<>();
            tree.query(line.getEnvelopeInternal(), item -> {
                Entry entry = ((Part) item).entry;
                if (!seen[entry.rank] && !candidates.contains(entry)) {
                    candidates.add(entry);
                }
            });
            for (Entry entry : candidates) {
                if (entry.intersects(line)) {
                    seen[entry.rank] = true;
                    Coordinate first = firstInside(entry, part);
                    found.add(new ZoneCrossing(entry.zone, first.x, first.y));
                }
            }
        }
        found.sort(Comparator.comparing(c -> c.zone().zoneId()));
        return found;
    }

    /** The first vertex of the path inside the zone, or where the first path segment entering it does. */
    private static Coordinate firstInside(Entry entry, Coordinate[] path) {
        for (int i = 0; i + 1 < path.length; i++) {
            if (entry.covers(path[i])) {
                return path[i];
            }
            LineString segment = GEOMETRIES.createLineString(new Coordinate[] {path[i], path[i + 1]});
            Coordinate entering = null;
            for (Part part : entry.parts) {
                if (part.prepared.intersects(segment)) {
                    for (Coordinate c : part.prepared.getGeometry().intersection(segment).getCoordinates()) {
                        if (entering == null || c.distance(path[i]) < entering.distance(path[i])) {
                            entering = c;
                        }
                    }
                }
            }
            if (entering != null) {
                return entering;
            }
        }
        return path[path.length - 1]; // the path touches the zone only at its end
    }

    public Optional<Zone> get(String zoneId) {
        Entry entry = byId.get(zoneId);
        return entry == null ? Optional.empty() : Optional.of(entry.zone);
    }

    /** Every zone, in zone id order. */
    public List<Zone> zones() {
        return zones;
    }

    public int size() {
        return zones.size();
    }

    /** A zone and the geodesic distance in metres from a point to its boundary. Immutable. */
    public record ZoneDistance(Zone zone, double distanceMetres) {
    }

    /** A zone crossed by a segment, and the first point (longitude, latitude) found inside it. Immutable. */
    public record ZoneCrossing(Zone zone, double longitude, double latitude) {
    }

    /**
     * One indexed zone; {@code rank} is its position in zone id order, {@code parts} its polygons.
     * A class, not a record: entries are compared by identity, never by their zone's geometry.
     */
    private static final class Entry {
        final Zone zone;
        final int rank;
        final Part[] parts;

        Entry(Zone zone, int rank, Part[] parts) {
            this.zone = zone;
            this.rank = rank;
            this.parts = parts;
        }

        boolean covers(Coordinate p) {
            for (Part part : parts) {
                if (part.locator.locate(p) != Location.EXTERIOR) {
                    return true;
                }
            }
            return false;
        }

        boolean intersects(Geometry g) {
            for (Part part : parts) {
                if (part.prepared.intersects(g)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A tree item: one polygon of a zone, prepared, with its warmed point locator. */
    private record Part(Entry entry, PreparedGeometry prepared, PointOnGeometryLocator locator) {
    }

    /** Collects covering zones for one point; allocates a list only for a second hit. */
    private static final class Hits implements ItemVisitor {
        private final Coordinate point;
        private Entry first;
        private List<Entry> more;

        Hits(Coordinate point) {
            this.point = point;
        }

        @Override
        public void visitItem(Object item) {
            Part part = (Part) item;
            Entry entry = part.entry;
            if (entry == first || (more != null && more.contains(entry))
                    || part.locator.locate(point) == Location.EXTERIOR) {
                return;
            }
            if (first == null) {
                first = entry;
            } else {
                if (more == null) {
                    more = new ArrayList<>(4);
                    more.add(first);
                }
                more.add(entry);
            }
        }

        List<Zone> zones() {
            if (first == null) {
                return List.of();
            }
            if (more == null) {
                return List.of(first.zone);
            }
            more.sort(Comparator.comparingInt(e -> e.rank));
            Zone[] result = new Zone[more.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = more.get(i).zone;
            }
            return List.of(result);
        }
    }
}
