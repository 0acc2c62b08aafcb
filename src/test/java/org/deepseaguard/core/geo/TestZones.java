package org.deepseaguard.core.geo;

import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** WKT fixtures turned into normalised zones. */
public final class TestZones {

    private TestZones() {
    }

    public static Geometry wkt(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    public static Zone zone(String id, String wkt) {
        return new Zone(id, id, ZoneType.CUSTOM, null, null, null, null, null, null, null, "test",
                ZoneGeometries.normalize(wkt(wkt)), 1);
    }
}
