package org.deepseaguard.core.geo;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Predicate;
import org.deepseaguard.core.model.Zone;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.index.strtree.AbstractNode;
import org.locationtech.jts.index.strtree.Boundable;
import org.locationtech.jts.index.strtree.ItemBoundable;
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
 * share one world-wide envelope). The tree is queried by walking its built nodes directly (no
 * lock per query; {@code STRtree.query} enters a synchronized {@code build()} every time); it
 * serves {@link #crossedBy} and the wide windows of {@link #near}. The per-fix lookup
 * {@link #covering} (and small {@code near} windows) read a flat uniform grid of the same parts
 * instead ({@code RasterGrid}), and each candidate part is located with its
 * {@code RasterPointLocator}: a raster of cells pre-classified inside / outside / boundary
 * answers most points at once, the rest get the exact crossing-number test of the prepared
 * point-in-area locator, on flat arrays. The answer is exactly the prepared geometry's
 * {@code covers}. {@code near} measures only the edges that reach the latitude band the limit
 * allows, and only the nearest of those with geodesics ({@code BoundarySearch}); {@link #within}
 * decides the same zones with fewer geodesics when their distances are not needed. The prepared
 * geometries serve {@code crossedBy}'s {@code intersects}; their indexes are built on first use.
 * {@code near}, {@code within} and {@code crossedBy} take a zone filter, so a caller interested
 * in some zones (those in a rule's scope) does not pay for the others.
 *
 * <p>Instances are immutable and thread-safe; replace the whole index to change the zone set.
 */
public final class ZoneIndex {

    /** Paths are walked in chords of at most this many metres; a chord strays from the geodesic by millimetres. */
    private static final double PATH_STEP_M = 1000;
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();
    /** Windows of {@link #near} spanning more grid cells than this are looked up in the tree. */
    private static final int GRID_WINDOW_CELLS = 16;
    private static final ZoneIndex EMPTY = new ZoneIndex(List.of());

    private final List<Zone> zones;
    private final Map<String, Entry> byId;
    /** The STRtree's root, built once: queried by {@link #query} without the tree's lock. */
    private final AbstractNode root;
    private final RasterGrid<Entry> grid;

    private ZoneIndex(Collection<Zone> input) {
        List<Zone> sorted = new ArrayList<>(input);
        sorted.sort(Comparator.comparing(Zone::zoneId));
        this.zones = List.copyOf(sorted);
        this.byId = new HashMap<>(sorted.size() * 2);
        STRtree tree = new STRtree();
        List<Entry> partEntries = new ArrayList<>();
        List<RasterPointLocator> rasters = new ArrayList<>();
        PreparedGeometryFactory preparer = new PreparedGeometryFactory();
        for (int rank = 0; rank < sorted.size(); rank++) {
            Zone zone = sorted.get(rank);
            Geometry geometry = checkNormalised(zone);
            Entry entry = new Entry(zone, rank, new Part[geometry.getNumGeometries()]);
            if (byId.put(zone.zoneId(), entry) != null) {
                throw new IllegalArgumentException("duplicate zone id " + zone.zoneId());
            }
            for (int i = 0; i < entry.parts.length; i++) {
                // its point locator and segment index are built on first use (crossedBy), thread-safely
                // in JTS 1.20 (volatile fields set under a lock); covering and near never use them
                PreparedPolygon polygon = (PreparedPolygon) preparer.create(geometry.getGeometryN(i));
                Part part = new Part(entry, polygon, new RasterPointLocator((Polygon) polygon.getGeometry()));
                entry.parts[i] = part;
                Envelope box = polygon.getGeometry().getEnvelopeInternal();
                tree.insert(box, part);
                partEntries.add(entry);
                rasters.add(part.raster);
            }
        }
        this.root = tree.getRoot(); // builds the tree
        this.grid = new RasterGrid<>(partEntries, rasters);
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
        int cell = grid.cell(longitude, latitude);
        if (cell < 0) {
            return List.of();
        }
        // a cell lists parts in zone id order, a zone's parts next to each other
        Entry found = null;
        Zone[] more = null;
        int count = 0;
        for (int k = grid.first(cell), end = grid.end(cell); k < end; k++) {
            Entry entry = grid.item(k);
            if (entry == found) {
                continue;
            }
            int where = grid.locate(k, longitude, latitude);
            if (where == RasterPointLocator.OUTSIDE
                    || where == RasterPointLocator.BOUNDARY && !grid.raster(k).covers(longitude, latitude)) {
                continue;
            }
            if (count > 0) {
                if (more == null) {
                    more = new Zone[4];
                    more[0] = found.zone;
                } else if (count == more.length) {
                    more = Arrays.copyOf(more, 2 * count);
                }
                more[count] = entry.zone;
            }
            found = entry;
            count++;
        }
        return count == 0 ? List.of() : count == 1 ? found.alone : new ZoneList(more, count);
    }

    /**
     * Zones whose footprint does not cover the point but whose boundary lies closer than
     * {@code distanceMetres} (geodesic, WGS 84), each with that distance, in zone id order.
     * Seam edges of zones split at the antimeridian are not boundary. None for a distance that
     * is not positive.
     */
    public List<ZoneDistance> near(double longitude, double latitude, double distanceMetres) {
        return near(longitude, latitude, distanceMetres, zone -> true);
    }

    /**
     * As {@link #near(double, double, double)}, for the zones {@code filter} accepts only; the
     * others are not measured at all. Same zones and distances as the unfiltered query, filtered.
     */
    public List<ZoneDistance> near(double longitude, double latitude, double distanceMetres, Predicate<Zone> filter) {
        List<ZoneDistance> result = new ArrayList<>();
        nearer(longitude, latitude, distanceMetres, filter, false,
                (zone, d) -> result.add(new ZoneDistance(zone, d)));
        return result;
    }

    /**
     * The zones {@link #near(double, double, double, Predicate)} lists (exactly those), each with
     * the geodesic distance to one point of its boundary: an upper bound of the boundary distance,
     * below {@code distanceMetres}. Cheaper when only "which zones are that near" matters: a zone's
     * search ends at the first vertex or point along an edge found nearer than the limit, a few
     * geodesics instead of a few dozen.
     */
    public List<ZoneWithin> within(double longitude, double latitude, double distanceMetres, Predicate<Zone> filter) {
        List<ZoneWithin> result = new ArrayList<>();
        nearer(longitude, latitude, distanceMetres, filter, true, (zone, d) -> result.add(new ZoneWithin(zone, d)));
        return result;
    }

    private void nearer(double longitude, double latitude, double distanceMetres, Predicate<Zone> filter,
                        boolean firstBelow, ObjDoubleConsumer<Zone> found) {
        if (!(distanceMetres > 0)) {
            return;
        }
        double dLat = latitudeReach(distanceMetres);
        for (Entry entry : candidatesNear(longitude, latitude, distanceMetres, filter)) {
            if (!entry.covers(longitude, latitude)) {
                // only edges reaching the latitude band can be nearer than the limit
                BoundarySearch search = new BoundarySearch(longitude, latitude);
                for (Part part : entry.parts) {
                    part.raster.edgesNear(latitude - dLat, latitude + dLat, entry.split, search);
                }
                double d = firstBelow ? search.witnessBelow(distanceMetres) : search.distance(distanceMetres);
                if (d < distanceMetres) {
                    found.accept(entry.zone, d);
                }
            }
        }
    }

    /**
     * Degrees of latitude a geodesic of d metres can span at most (a radian of latitude costs at
     * least the smallest meridional radius), and a hair more.
     */
    private static double latitudeReach(double d) {
        return Math.toDegrees(d / Geodesy.MIN_RADIUS) + 1e-9;
    }

    /*
     * Every point within d metres lies within d / MIN_RADIUS radians of latitude, and within
     * d / (a cos(highest latitude reached)) radians of longitude, because the east-west radius of
     * curvature is never below a. Near a pole the window takes every longitude. Small windows are
     * read from the grid, larger ones from the tree. Zones the filter refuses are left out.
     */
    private List<Entry> candidatesNear(double lon, double lat, double d, Predicate<Zone> filter) {
        double dLat = latitudeReach(d);
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
        List<Entry> found = new ArrayList<>();
        Consumer<Entry> collect = entry -> {
            if (filter.test(entry.zone)) {
                found.add(entry);
            }
        };
        for (Envelope w : windows) {
            if (!grid.query(w.getMinX(), w.getMaxX(), w.getMinY(), w.getMaxY(), GRID_WINDOW_CELLS, collect)) {
                query(root, w, part -> collect.accept(part.entry));
            }
        }
        found.sort(Comparator.comparingInt(e -> e.rank));
        List<Entry> candidates = new ArrayList<>(found.size());
        for (Entry entry : found) {
            if (candidates.isEmpty() || candidates.get(candidates.size() - 1) != entry) {
                candidates.add(entry); // a zone's parts, or a part seen in several cells or windows, once
            }
        }
        return candidates;
    }

    /**
     * Zones whose footprint the geodesic from (lon1, lat1) to (lon2, lat2) crosses or touches,
     * with the first point of the geodesic inside each (the start point when it is already
     * inside), in zone id order. The geodesic is taken the short way, across the antimeridian if
     * that is shorter. Used for crossings between sparse fixes.
     */
    public List<ZoneCrossing> crossedBy(double lon1, double lat1, double lon2, double lat2) {
        return crossedBy(lon1, lat1, lon2, lat2, zone -> true);
    }

    /**
     * As {@link #crossedBy(double, double, double, double)}, for the zones {@code filter} accepts
     * only; the others are not examined at all. Same zones and points as the unfiltered query,
     * filtered.
     */
    public List<ZoneCrossing> crossedBy(double lon1, double lat1, double lon2, double lat2, Predicate<Zone> filter) {
        List<ZoneCrossing> found = new ArrayList<>();
        List<Entry> seen = new ArrayList<>();
        for (Coordinate[] part : Geodesy.path(lon1, lat1, lon2, lat2, PATH_STEP_M)) {
            LineString line = GEOMETRIES.createLineString(part);
            List<Entry> candidates = new ArrayList<>();
            query(root, line.getEnvelopeInternal(), item -> {
                Entry entry = item.entry;
                if (!seen.contains(entry) && !candidates.contains(entry) && filter.test(entry.zone)) {
                    candidates.add(entry);
                }
            });
            for (Entry entry : candidates) {
                if (entry.intersects(line)) {
                    seen.add(entry);
                    Coordinate first = firstInside(entry, part);
                    found.add(new ZoneCrossing(entry.zone, first.x, first.y));
                }
            }
        }
        found.sort(Comparator.comparing(c -> c.zone().zoneId()));
        return found;
    }

    /** Visits the parts whose envelope meets the window: STRtree.query without its lock. */
    private static void query(AbstractNode node, Envelope window, Consumer<Part> visitor) {
        List<?> children = node.getChildBoundables();
        for (int i = 0, n = children.size(); i < n; i++) {
            Boundable child = (Boundable) children.get(i);
            if (!((Envelope) child.getBounds()).intersects(window)) {
                continue;
            }
            if (child instanceof AbstractNode inner) {
                query(inner, window, visitor);
            } else {
                visitor.accept((Part) ((ItemBoundable) child).getItem());
            }
        }
    }

    /** The first vertex of the path inside the zone, or where the first path segment entering it does. */
    private static Coordinate firstInside(Entry entry, Coordinate[] path) {
        for (int i = 0; i + 1 < path.length; i++) {
            if (entry.covers(path[i].x, path[i].y)) {
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

    /**
     * A zone whose boundary is nearer than a limit, and the geodesic distance in metres to one point
     * of that boundary (so at least the boundary distance, and below the limit). Immutable.
     */
    public record ZoneWithin(Zone zone, double upperBoundMetres) {
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
        /** {@code List.of(zone)}, the usual answer of {@link #covering}, made once. */
        final List<Zone> alone;
        /** Split at the antimeridian: its edges along ±180 are seams, not boundary. */
        final boolean split;

        Entry(Zone zone, int rank, Part[] parts) {
            this.zone = zone;
            this.rank = rank;
            this.parts = parts;
            this.alone = List.of(zone);
            this.split = Geodesy.isSplit(zone.geometry().getCoordinates());
        }

        boolean covers(double x, double y) {
            for (Part part : parts) {
                if (part.raster.covers(x, y)) {
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

    /** Two or more covering zones: an immutable list over the array filled, without copying it again. */
    private static final class ZoneList extends AbstractList<Zone> implements RandomAccess {
        private final Zone[] zones;
        private final int size;

        ZoneList(Zone[] zones, int size) {
            this.zones = zones;
            this.size = size;
        }

        @Override
        public Zone get(int index) {
            Objects.checkIndex(index, size);
            return zones[index];
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** An index item: one polygon of a zone, prepared, with its raster point locator. */
    private record Part(Entry entry, PreparedGeometry prepared, RasterPointLocator raster) {
    }
}
