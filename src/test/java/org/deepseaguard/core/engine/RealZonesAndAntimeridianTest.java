package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.geo.ZoneGeometries;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneEvent.Type;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

/** The real ISA contract areas (Source: International Seabed Authority) and a zone across 180°. */
class RealZonesAndAntimeridianTest {

    static List<Zone> isaContractAreas() throws Exception {
        try (InputStream in = RealZonesAndAntimeridianTest.class
                .getResourceAsStream("/isa/isa_ccz_nodule_contract_areas.geojson")) {
            return GeoJsonZones.read(new ObjectMapper().readTree(in),
                    new PropertyMapping("AreaKey", null, ZoneType.CONTRACT_AREA, "ContractID"));
        }
    }

    @Test
    void aFixInTheYuzhmorgeologiyaCiicSliverIsInBothContractAreas() throws Exception {
        List<Zone> zones = isaContractAreas();
        Zone yuzh = zones.stream().filter(z -> z.zoneId().equals("YUZHPMN1X_02")).findFirst().orElseThrow();
        Zone ciic = zones.stream().filter(z -> z.zoneId().equals("CIICPMN1X_790")).findFirst().orElseThrow();
        Point sliver = yuzh.geometry().intersection(ciic.geometry()).getInteriorPoint();
        Point yuzhOnly = yuzh.geometry().difference(ciic.geometry()).getInteriorPoint();
        assertThat(yuzh.geometry().intersection(ciic.geometry()).getArea()).as("a sliver").isLessThan(0.01);

        Vehicle yuzhVehicle = new Vehicle(Fixtures.AUV, "Ocean 1", "Yuzhmorgeologiya", List.of("YUZHPMN1"), 2.0,
                6000.0);
        Replay r = new Replay(new ComplianceEngine(zones,
                List.of(rule("R-AUTH", RuleType.UNAUTHORIZED_ENTRY).zoneTypes(ZoneType.CONTRACT_AREA).build())),
                yuzhVehicle);
        assertThat(r.feed(fix(0, yuzhOnly.getX(), yuzhOnly.getY(), 4800)).state().zoneEntries())
                .containsOnlyKeys("YUZHPMN1X_02");
        Evaluation both = r.feed(fix(600, sliver.getX(), sliver.getY(), 4800));
        assertThat(both.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .containsExactly(tuple(Type.ZONE_ENTRY, "CIICPMN1X_790"));
        assertThat(both.state().zoneEntries()).containsOnlyKeys("CIICPMN1X_790", "YUZHPMN1X_02")
                .containsEntry("YUZHPMN1X_02", Fixtures.at(0));
        assertThat(both.opened()).extracting(Violation::zoneId).containsExactly("CIICPMN1X_790");
        assertThat(both.opened().get(0).message()).contains("contract CIICPMN1");
    }

    @Test
    void aZoneAcrossTheAntimeridianIsEnteredFromEitherSide() {
        // given with longitudes past 180, as real data sometimes is; normalised (split) by core-geo
        Zone across = zone("FJ-1", ZoneType.MARINE_PROTECTED_AREA,
                ZoneGeometries.normalize(Fixtures.wkt("POLYGON((179 -17, 181 -17, 181 -16, 179 -16, 179 -17))")));
        Replay r = new Replay(new ComplianceEngine(List.of(across),
                List.of(rule("R-MPA", RuleType.RESTRICTED_ZONE).build())));
        assertThat(r.feed(fix(0, 178.5, -16.5, 3000)).events()).isEmpty();
        assertThat(r.feed(fix(60, 179.9, -16.5, 3000)).events()).extracting(ZoneEvent::type)
                .containsExactly(Type.ZONE_ENTRY);
        Evaluation west = r.feed(fix(120, -179.9, -16.5, 3000)); // same zone on the other side of 180
        assertThat(west.events()).isEmpty();
        assertThat(west.continued()).hasSize(1);
        assertThat(r.feed(fix(180, -178.9, -16.5, 3000)).events()).extracting(ZoneEvent::type)
                .containsExactly(Type.ZONE_EXIT);
        assertThat(r.state.zoneEntries()).isEqualTo(Map.of());
    }
}
