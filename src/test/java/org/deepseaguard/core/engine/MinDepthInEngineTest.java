package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

/**
 * {@code min_depth} in the engine over the real ISA APEIs and contract areas (Source: International
 * Seabed Authority): judged in the zones in scope only, at the limit compliant, episodes per zone
 * that open, continue and close like any zone rule's, late fixes judged alone.
 */
class MinDepthInEngineTest {

    private static final RuleType MIN_DEPTH = RuleType.fromWire("min_depth");

    private static List<Zone> isaZones() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Zone> zones = new ArrayList<>();
        try (InputStream in = MinDepthInEngineTest.class.getResourceAsStream("/isa/isa_apeis_ccz.geojson")) {
            zones.addAll(GeoJsonZones.read(json.readTree(in), new PropertyMapping("Remarks", null, ZoneType.APEI, null)));
        }
        zones.addAll(RealZonesAndAntimeridianTest.isaContractAreas());
        return zones;
    }

    @Test
    void vehiclesMustStayDeeperThanTheLimitInsideTheApeis() throws Exception {
        List<Zone> zones = isaZones();
        Zone apei = zones.stream().filter(z -> z.zoneId().equals("APEI-07")).findFirst().orElseThrow();
        Zone contract = zones.stream().filter(z -> z.zoneType() == ZoneType.CONTRACT_AREA).findFirst().orElseThrow();
        Point inApei = apei.geometry().getInteriorPoint();
        Point inContract = contract.geometry().getInteriorPoint();
        Rule rule = rule("R-MIN", MIN_DEPTH).zoneTypes(ZoneType.APEI).depth(1000.0, null).build();
        Replay r = new Replay(new ComplianceEngine(zones, List.of(rule)));

        // a contract area is not in scope: shallow there is fine
        assertThat(r.feed(fix(0, inContract.getX(), inContract.getY(), 200)).opened()).isEmpty();
        Evaluation deep = r.feed(fix(600, inApei.getX(), inApei.getY(), 4000));
        assertThat(deep.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .contains(tuple(ZoneEvent.Type.ZONE_ENTRY, "APEI-07"));
        assertThat(deep.opened()).isEmpty();
        assertThat(r.feed(fix(660, inApei.getX(), inApei.getY(), 1000)).opened()).as("at the limit").isEmpty();

        Evaluation shallow = r.feed(fix(720, inApei.getX(), inApei.getY(), 999.5));
        assertThat(shallow.opened()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("R-MIN");
            assertThat(v.ruleType()).isEqualTo(MIN_DEPTH);
            assertThat(v.ruleType().wireName()).isEqualTo("min_depth");
            assertThat(v.zoneId()).isEqualTo("APEI-07");
            assertThat(v.status()).isEqualTo(Status.OPEN);
            assertThat(v.startedAt()).isEqualTo(at(720));
            assertThat(v.message()).isEqualTo(
                    "AUV-001 at 999.5 m in APEI-07 (apei), shallower than 1000 m allowed by rule R-MIN");
        });
        String episode = shallow.opened().get(0).violationId();
        assertThat(shallow.state().openViolations()).containsOnlyKeys(ComplianceEngine.episodeKey("R-MIN", "APEI-07"));

        Evaluation still = r.feed(fix(780, inApei.getX(), inApei.getY(), 300));
        assertThat(still.opened()).isEmpty();
        assertThat(still.continued()).extracting(Violation::violationId, Violation::lastSeenAt)
                .containsExactly(tuple(episode, at(780)));

        Evaluation back = r.feed(fix(840, inApei.getX(), inApei.getY(), 1000));
        assertThat(back.closed()).extracting(Violation::violationId, Violation::endedAt, Violation::lastSeenAt)
                .containsExactly(tuple(episode, at(840), at(780)));

        Evaluation again = r.feed(fix(900, inApei.getX(), inApei.getY(), 10));
        assertThat(again.opened()).singleElement().extracting(Violation::violationId).isNotEqualTo(episode);

        // leaving the zone closes the episode at the first fix outside, however shallow
        Evaluation out = r.feed(fix(960, inContract.getX(), inContract.getY(), 10));
        assertThat(out.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .contains(tuple(ZoneEvent.Type.ZONE_EXIT, "APEI-07"));
        assertThat(out.closed()).extracting(Violation::ruleId, Violation::endedAt).containsExactly(tuple("R-MIN", at(960)));
        assertThat(out.state().openViolations()).isEmpty();

        // a late fix is judged alone: a closed one-fix violation marked late, state untouched
        Evaluation late = r.feed(fix(930, inApei.getX(), inApei.getY(), 500));
        assertThat(late.outcome()).isEqualTo(Evaluation.Outcome.LATE);
        assertThat(late.opened()).singleElement().satisfies(v -> {
            assertThat(v.late()).isTrue();
            assertThat(v.status()).isEqualTo(Status.CLOSED);
            assertThat(v.zoneId()).isEqualTo("APEI-07");
        });
        assertThat(late.state()).isSameAs(out.state());
    }

    @Test
    void withoutAZoneScopeEveryZoneCountsButOpenWaterDoesNot() throws Exception {
        List<Zone> zones = isaZones();
        Zone contract = zones.stream().filter(z -> z.zoneType() == ZoneType.CONTRACT_AREA).findFirst().orElseThrow();
        Point inContract = contract.geometry().getInteriorPoint();
        Replay r = new Replay(new ComplianceEngine(zones, List.of(rule("R-MIN", MIN_DEPTH).depth(1000.0, null).build())));

        assertThat(r.feed(fix(0, 170.0, 0.0, 10)).opened()).as("open Pacific, no zone").isEmpty();
        assertThat(r.feed(fix(60, inContract.getX(), inContract.getY(), 10)).opened())
                .extracting(Violation::zoneId).containsExactly(contract.zoneId());
    }

    @Test
    void anInvalidLimitIsRefusedByTheEngineNamingTheField() throws Exception {
        Rule noLimit = rule("R-MIN", MIN_DEPTH).build();
        List<Zone> zones = isaZones();
        assertThatThrownBy(() -> new ComplianceEngine(zones, List.of(noLimit)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field, FieldError::message)
                        .containsExactly(tuple("min_depth", "rule R-MIN: a positive number is required for min_depth")));
    }
}
