package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.List;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

class CrossingsAndSpeedTest {

    private static final Zone APEI = zone("APEI-07", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));
    private static final Rule R_APEI = rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI).build();

    @Test
    void aCrossingBetweenSparseFixesIsAnInferredOneFixViolation() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), List.of(R_APEI)));
        r.feed(fix(0, -118.0, 10.2, 4000));
        Evaluation e = r.feed(fix(7200, -116.5, 10.3, 4100));
        assertThat(e.events()).isEmpty();
        assertThat(e.state().openViolations()).isEmpty();
        assertThat(e.opened()).singleElement().satisfies(v -> {
            assertThat(v.inferred()).isTrue();
            assertThat(v.late()).isFalse();
            assertThat(v.status()).isEqualTo(Status.CLOSED);
            assertThat(v.zoneId()).isEqualTo("APEI-07");
            assertThat(v.startedAt()).isEqualTo(at(0));
            assertThat(v.endedAt()).isEqualTo(at(7200));
            assertThat(v.lastSeenAt()).isEqualTo(at(7200));
            assertThat(v.longitude()).isBetween(-117.5, -117.0);
            assertThat(v.latitude()).isCloseTo(10.25, within(0.1));
            assertThat(v.depth()).isEqualTo(4100);
            assertThat(v.message()).contains("crossed APEI-07").endsWith("(inferred)");
            assertThat(v.violationId())
                    .isEqualTo(ComplianceEngine.violationId("AUV-001", "R-APEI", "APEI-07", at(0), false, true));
        });
    }

    @Test
    void noInferredViolationWhenTheSegmentPassesBy() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), List.of(R_APEI)));
        r.feed(fix(0, -118.0, 10.6, 4000));
        assertThat(r.feed(fix(7200, -116.5, 10.6, 4000)).opened()).isEmpty();
    }

    @Test
    void noInferredViolationWhenAFixIsInsideOrTheRuleIsOutOfScope() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), List.of(R_APEI)));
        r.feed(fix(0, -118.0, 10.2, 4000));
        assertThat(r.feed(fix(100, -117.3, 10.2, 4000)).opened()).singleElement()
                .satisfies(v -> assertThat(v.inferred()).isFalse());
        assertThat(r.feed(fix(200, -116.5, 10.2, 4000)).opened()).isEmpty();

        Rule przOnly = rule("R-PRZ", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.PRESERVATION_REFERENCE_ZONE).build();
        Replay other = new Replay(new ComplianceEngine(List.of(APEI), List.of(przOnly)));
        other.feed(fix(0, -118.0, 10.2, 4000));
        assertThat(other.feed(fix(7200, -116.5, 10.2, 4000)).opened()).isEmpty();
    }

    @Test
    void anInferredCrossingNeedsTheDepthBandBetweenTheTwoDepthsAndAValidZone() {
        Zone banded = Fixtures.withDepth(APEI, 3000.0, 5000.0);
        Replay shallow = new Replay(new ComplianceEngine(List.of(banded), List.of(R_APEI)));
        shallow.feed(fix(0, -118.0, 10.2, 2000));
        assertThat(shallow.feed(fix(7200, -116.5, 10.2, 2500)).opened()).isEmpty();

        Replay diving = new Replay(new ComplianceEngine(List.of(banded), List.of(R_APEI)));
        diving.feed(fix(0, -118.0, 10.2, 2000));
        assertThat(diving.feed(fix(7200, -116.5, 10.2, 5500)).opened()).hasSize(1);

        Zone closedLater = Fixtures.withValidity(APEI, at(10_000), null);
        Replay early = new Replay(new ComplianceEngine(List.of(closedLater), List.of(R_APEI)));
        early.feed(fix(0, -118.0, 10.2, 4000));
        assertThat(early.feed(fix(7200, -116.5, 10.2, 4000)).opened()).isEmpty();
    }

    @Test
    void passingThroughTheDepthBandInsideTheFootprintIsAnInferredCrossing() {
        Zone banded = Fixtures.withDepth(APEI, 3000.0, 5000.0);
        Replay r = new Replay(new ComplianceEngine(List.of(banded), List.of(R_APEI)));
        r.feed(fix(0, -117.3, 10.2, 2000));           // in the footprint, above the band
        Evaluation e = r.feed(fix(3600, -117.29, 10.2, 5500)); // below it: never a member
        assertThat(e.events()).isEmpty();
        assertThat(e.opened()).singleElement().satisfies(v -> assertThat(v.inferred()).isTrue());
    }

    @Test
    void speedAcrossTheAntimeridianIsTheShortWay() {
        Rule speed = rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(2.5).build();
        Replay r = new Replay(new ComplianceEngine(List.of(), List.of(speed)));
        r.feed(fix(0, 179.99, 0.0, 4000));
        // 0.02 deg of longitude at the equator: about 2.2 km in 60 s = 37 m/s, not 40,000 km
        Evaluation e = r.feed(fix(60, -179.99, 0.0, 4000));
        assertThat(e.opened()).singleElement().satisfies(v ->
                assertThat(v.message()).startsWith("AUV-001 moving at 37.1 m/s"));

        Replay slow = new Replay(new ComplianceEngine(List.of(),
                List.of(rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(40).build())));
        slow.feed(fix(0, 179.99, 0.0, 4000));
        assertThat(slow.feed(fix(60, -179.99, 0.0, 4000)).opened()).isEmpty();
    }
}
