package org.deepseaguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.util.PolygonExtracter;

/** The real ISA files shipped in src/main/resources/isa (Source: International Seabed Authority). */
class IsaZonesTest {

    static final PropertyMapping APEI = new PropertyMapping("Remarks", "Remarks", ZoneType.APEI, null);
    static final PropertyMapping CONTRACT_AREAS =
            new PropertyMapping("AreaKey", null, ZoneType.CONTRACT_AREA, "ContractID");

    static final GeometryFactory GEOMETRIES = new GeometryFactory();
    static List<Zone> apeis;
    static List<Zone> contractAreas;
    static ZoneIndex index;

    static List<Zone> load(String resource, PropertyMapping mapping) throws IOException {
        try (InputStream in = IsaZonesTest.class.getResourceAsStream(resource)) {
            return GeoJsonZones.read(new ObjectMapper().readTree(in), mapping);
        }
    }

    @BeforeAll
    static void loadAll() throws IOException {
        apeis = load("/isa/isa_apeis_ccz.geojson", APEI);
        contractAreas = load("/isa/isa_ccz_nodule_contract_areas.geojson", CONTRACT_AREAS);
        List<Zone> all = new ArrayList<>(apeis);
        all.addAll(contractAreas);
        index = ZoneIndex.of(all);
    }

    private static Zone zone(String id) {
        return index.get(id).orElseThrow();
    }

    private static List<String> idsAt(Point p) {
        return index.covering(p.getX(), p.getY()).stream().map(Zone::zoneId).toList();
    }

    @Test
    void all70ZonesLoadValidAndUnique() {
        assertThat(apeis).hasSize(13).allMatch(z -> z.zoneType() == ZoneType.APEI);
        assertThat(contractAreas).hasSize(57).allMatch(z -> z.zoneType() == ZoneType.CONTRACT_AREA);
        assertThat(index.size()).isEqualTo(70);
        assertThat(index.zones()).allMatch(z -> z.geometry().isValid());
        assertThat(zone("APEI-07").name()).isEqualTo("APEI-07");
        assertThat(zone("NORIPMN1X_D").contractId()).isEqualTo("NORIPMN1");
    }

    @Test
    void centroidOfApei07IsInApei07Only() {
        Point centroid = zone("APEI-07").geometry().getCentroid();
        assertThat(idsAt(centroid)).containsExactly("APEI-07");
    }

    @Test
    void pointInTheYuzhmorgeologiyaCiicOverlapSliverIsInBoth() {
        // their shared staircase is written -128.166667 / 13.916667 in one and -128.167 / 13.9167 in the other
        Geometry overlap = zone("YUZHPMN1X_02").geometry().intersection(zone("CIICPMN1X_790").geometry());
        Geometry sliver = GEOMETRIES.buildGeometry(PolygonExtracter.getPolygons(overlap)); // without shared edges
        assertThat(sliver.getArea()).isPositive();
        assertThat(sliver.getEnvelopeInternal()).isEqualTo(new Envelope(-128.25, -128.166667, 13.916667, 14));
        assertThat(idsAt(sliver.getInteriorPoint())).containsExactly("CIICPMN1X_790", "YUZHPMN1X_02");
    }

    @Test
    void contractAreasThatOverlapInTheSource() {
        List<String> overlapping = new ArrayList<>();
        for (int i = 0; i < contractAreas.size(); i++) {
            for (int j = i + 1; j < contractAreas.size(); j++) {
                Zone a = contractAreas.get(i);
                Zone b = contractAreas.get(j);
                if (a.geometry().intersection(b.geometry()).getArea() > 0) {
                    overlapping.add(a.zoneId() + "/" + b.zoneId());
                }
            }
        }
        assertThat(overlapping).containsExactlyInAnyOrder("BGRPMN1X_East_a/IOMPMN1X_02", "BGRPMN1X_East_a/UKSRLPMN1X",
                "BMJPMN1_A/KOREAPMN1X_06", "GSRPMN1X_B6a/TOMLPMN1X_D", "GSRPMN1X_B6a/TOMLPMN1X_F",
                "YUZHPMN1X_01/CMMPMN1X_Poly1", "YUZHPMN1X_02/CIICPMN1X_790", "YUZHPMN1X_02/UKSRLPMN2X",
                "DORDPMN1X_DOR2/TOMLPMN1X_B", "NORIPMN1X_C/CMMPMN1X_Poly4", "NORIPMN1X_D/UKSRLPMN1X",
                "TOMLPMN1X_F/CIICPMN1X_792");
    }

    @Test
    void onlyApei13OverlapsAContractAreaByAPrecisionSliver() {
        // APEI-13's south edge is at latitude 11.0833, KOREAPMN1X_03's north edge at 11.083333: a 3.7 m strip
        List<String> overlapping = new ArrayList<>();
        for (Zone apei : apeis) {
            for (Zone area : contractAreas) {
                if (apei.geometry().intersection(area.geometry()).getArea() > 0) {
                    overlapping.add(apei.zoneId() + "/" + area.zoneId());
                }
            }
        }
        assertThat(overlapping).containsExactly("APEI-13/KOREAPMN1X_03");
        assertThat(idsAt(GEOMETRIES.createPoint(new Coordinate(-129.6, 11.083316))))
                .containsExactly("APEI-13", "KOREAPMN1X_03");
        assertThat(idsAt(GEOMETRIES.createPoint(new Coordinate(-129.6, 11.0832)))).containsExactly("KOREAPMN1X_03");
    }
}
