package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.core.geo.TestZones.wkt;

import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class ZoneGeometriesTest {

    private static FieldError refusal(Geometry g) {
        try {
            ZoneGeometries.normalize(g);
        } catch (InvalidInputException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("accepted " + g);
    }

    @Test
    void bowTieIsRefusedWithItsLocation() {
        FieldError error = refusal(wkt(
                "POLYGON ((-117.4 10.3, -117.0 10.5, -117.0 10.3, -117.4 10.5, -117.4 10.3))"));
        assertThat(error.field()).isEqualTo("geometry");
        assertThat(error.message()).isEqualTo("Self-intersection at or near point (-117.2, 10.4)");
    }

    @Test
    void bowTieAcrossTheAntimeridianIsReportedInsideMinus180To180() {
        FieldError error = refusal(wkt("POLYGON ((179 0, -179 2, -179 0, 179 2, 179 0))"));
        assertThat(error.message()).isEqualTo("Self-intersection at or near point (180, 1)");
    }

    @Test
    void consecutiveRepeatedVerticesAreValid() {
        Geometry g = wkt("POLYGON ((0 0, 1 0, 1 0, 1 1, 0 1, 0 1, 0 0))");
        assertThat(ZoneGeometries.normalize(g)).isSameAs(g);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POINT (1 2)", "LINESTRING (0 0, 1 1)", "MULTIPOINT ((0 0))", "POLYGON EMPTY",
        "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)))"})
    void onlyPolygonsAndMultiPolygonsAreZones(String wkt) {
        assertThat(refusal(wkt(wkt)).message()).containsAnyOf("type must be Polygon or MultiPolygon", "empty");
    }

    @Test
    void outOfRangeAndNonFiniteCoordinatesAreRefused() {
        assertThat(refusal(wkt("POLYGON ((0 80, 1 80, 1 91, 0 80))")).message())
                .isEqualTo("latitude 91.0 is outside [-90, 90]");
        assertThat(refusal(wkt("POLYGON ((0 0, 400 0, 400 1, 0 0))")).message()).contains("longitude 400.0");
        GeometryFactory f = new GeometryFactory();
        Geometry withNaN = f.createPolygon(new Coordinate[] {
            new Coordinate(0, 0), new Coordinate(1, 0), new Coordinate(1, Double.NaN), new Coordinate(0, 0)});
        assertThat(refusal(withNaN).message()).contains("finite");
    }

    @Test
    void holeOutsideItsShellIsRefused() {
        assertThat(refusal(wkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 6 5, 6 6, 5 5))")).message())
                .startsWith("Hole lies outside shell");
    }

    @Test
    void overlappingPartsOfAMultiPolygonAreRefused() {
        assertThat(refusal(wkt("MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))")).message())
                .contains("at or near point");
    }

    @Test
    void ringWindingAroundThePoleIsRefused() {
        assertThat(refusal(wkt("POLYGON ((0 80, 120 80, -120 80, 0 80))")).message()).contains("pole");
    }

    @Test
    void geometryInsideTheWorldIsReturnedUnchanged() {
        Geometry g = wkt("MULTIPOLYGON (((170 0, 180 0, 180 1, 170 1, 170 0)), ((-180 0, -170 0, -170 1, -180 1, -180 0)))");
        assertThat(ZoneGeometries.normalize(g)).isSameAs(g);
    }

    @Test
    void longitudesPast180AreSplitIntoTwoPiecesMeetingAtTheSeam() {
        Geometry g = ZoneGeometries.normalize(wkt("POLYGON ((170 -10, 190 -10, 190 10, 170 10, 170 -10))"));
        assertThat(g.getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(g.getNumGeometries()).isEqualTo(2);
        assertThat(g.getArea()).isCloseTo(400, within(1e-9));
        assertThat(g.getEnvelopeInternal().getMinX()).isEqualTo(-180);
        assertThat(g.getEnvelopeInternal().getMaxX()).isEqualTo(180);
        assertThat(g.isValid()).isTrue();
    }

    @Test
    void ringJumpingOverTheAntimeridianIsTheShortWayNotAWorldBand() {
        Geometry g = ZoneGeometries.normalize(wkt("POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))"));
        assertThat(g.getArea()).isCloseTo(4, within(1e-9));
        assertThat(g.getNumGeometries()).isEqualTo(2);
    }

    @Test
    void polygonEntirelyPast180IsShiftedBack() {
        Geometry g = ZoneGeometries.normalize(wkt("POLYGON ((181 0, 190 0, 190 5, 181 5, 181 0))"));
        assertThat(g.getGeometryType()).isEqualTo("Polygon");
        assertThat(g.getEnvelopeInternal().getMinX()).isEqualTo(-179);
        assertThat(g.getEnvelopeInternal().getMaxX()).isEqualTo(-170);
    }

    @Test
    void holeWrittenInTheOtherWorldCopyStaysInItsShell() {
        Geometry g = ZoneGeometries.normalize(wkt(
                "POLYGON ((170 -10, 190 -10, 190 10, 170 10, 170 -10), (-178 -1, -176 -1, -176 1, -178 1, -178 -1))"));
        assertThat(g.getArea()).isCloseTo(400 - 4, within(1e-9));
    }

    @Test
    void worldWideBandFromMinus180To180IsKept() {
        Geometry g = wkt("POLYGON ((-180 -10, 180 -10, 180 10, -180 10, -180 -10))");
        assertThat(ZoneGeometries.normalize(g)).isSameAs(g);
    }
}
