package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.core.geo.TestZones.wkt;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class GeodesyTest {

    /** (lon, lat) of the point {@code metres} from (lon, lat) towards {@code azimuth}. */
    static double[] moved(double lon, double lat, double azimuth, double metres) {
        GeodesicData d = Geodesic.WGS84.Direct(lat, lon, azimuth, metres);
        return new double[] {d.lon2, d.lat2};
    }

    @ParameterizedTest(name = "({0}, {1}) to ({2}, {3})")
    @CsvSource({
        // lon1, lat1, lon2, lat2, s12: test geodesics of GeographicLib's own test suite
        "-139.44815, 35.60777, -69.95921, -11.17491, 8935244.5604818305",
        "106.05087, 55.52454, 197.18234, 77.03196, 4105086.1713924406",
        "142.59065, -21.97856, 98.56635, 41.84138, 8394328.894657671",
    })
    void matchesGeographicLibTestGeodesics(double lon1, double lat1, double lon2, double lat2, double s12) {
        assertThat(Geodesy.distance(lon1, lat1, lon2, lat2)).isCloseTo(s12, within(1e-6));
    }

    @Test
    void oneDegreeOfLongitudeOnTheEquator() {
        assertThat(Geodesy.distance(0, 0, 1, 0)).isCloseTo(111319.49, within(0.01));
    }

    @Test
    void acrossTheAntimeridianTheShortWay() {
        assertThat(Geodesy.distance(179.5, 0, -179.5, 0)).isCloseTo(111319.49, within(0.01));
    }

    @Test
    void overThePole() {
        double toPole = Geodesy.distance(0, 89.5, 0, 90);
        assertThat(toPole).isCloseTo(55_847, within(5.0));
        assertThat(Geodesy.distance(0, 89.5, 180, 89.5)).isCloseTo(2 * toPole, within(1e-6));
    }

    @Test
    void pointOneKilometreOffAnEdge() {
        double[] p = moved(-117.325, 10.6, 0, 1000); // north of the middle of an east-west edge
        assertThat(Geodesy.distanceToEdge(p[0], p[1], -117.5, 10.6, -117.15, 10.6)).isCloseTo(1000, within(0.05));
        double[] q = moved(-117.15, 10.4, 90, 1000); // east of a meridian edge
        assertThat(Geodesy.distanceToEdge(q[0], q[1], -117.15, 10.2, -117.15, 10.6)).isCloseTo(1000, within(0.05));
    }

    @Test
    void edgeIsTheLineMembershipUses() {
        // 400 km along a parallel: a geodesic edge would bulge ~0.9 km north of it
        double[] p = moved(-144.9, 16.5154024, 0, 1000);
        assertThat(Geodesy.distanceToEdge(p[0], p[1], -143.0290356, 16.5154024, -146.769347, 16.5154024))
                .isCloseTo(1000, within(0.05));
    }

    @Test
    void beyondTheEndOfAnEdgeTheEndIsNearest() {
        assertThat(Geodesy.distanceToEdge(-117.0, 10.6, -117.5, 10.6, -117.15, 10.6))
                .isCloseTo(Geodesy.distance(-117.0, 10.6, -117.15, 10.6), within(1e-6));
    }

    @Test
    void edgeGivenAcrossTheAntimeridianIsTakenTheShortWay() {
        double[] p = moved(180, 0, 0, 1000);
        assertThat(Geodesy.distanceToEdge(p[0], p[1], 179.5, 0, -179.5, 0)).isCloseTo(1000, within(0.05));
    }

    @Test
    void boundaryIncludesHoles() {
        Geometry square = wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))");
        // from the hole's centre, 1 degree of latitude is nearer than 1 degree of longitude
        assertThat(Geodesy.distanceToBoundary(5, 5, square)).isCloseTo(Geodesy.distance(5, 5, 5, 4), within(0.05));
        assertThat(Geodesy.distanceToBoundary(4, 5, square)).isCloseTo(0, within(0.05));
    }

    @Test
    void seamsOfASplitZoneAreNotBoundary() {
        Geometry split = ZoneGeometries.normalize(wkt("POLYGON ((170 -10, 190 -10, 190 10, 170 10, 170 -10))"));
        // the seam is 11 km away; the nearest real boundary is the edge at latitude 10
        assertThat(Geodesy.distanceToBoundary(179.9, 5, split))
                .isCloseTo(Geodesy.distance(179.9, 5, 179.9, 10), within(0.05));
    }

    @Test
    void anEdgeMerelyLyingOnTheAntimeridianIsBoundary() {
        Geometry west = wkt("POLYGON ((170 -10, 180 -10, 180 10, 170 10, 170 -10))");
        assertThat(Geodesy.distanceToBoundary(-179.99, 0, west)).isCloseTo(Geodesy.distance(-179.99, 0, 180, 0),
                within(0.05));
    }
}
