package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.List;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

class LateAndDuplicateTest {

    private static final Zone APEI = zone("APEI-07", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));
    private static final Zone PRZ = zone("PRZ-1", ZoneType.PRESERVATION_REFERENCE_ZONE,
            box(-119.5, 10.0, -119.0, 10.5));
    private static final List<Rule> RULES = List.of(
            rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI).build(),
            rule("R-DEPTH", RuleType.DEPTH_LIMIT).depth(null, 6000.0).build(),
            rule("R-DWELL", RuleType.MAX_DWELL).zoneTypes(ZoneType.PRESERVATION_REFERENCE_ZONE).maxDwell(600).build(),
            rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(300).build(),
            rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(2.5).build());

    @Test
    void aDuplicateIsDroppedWithTheStateUnchanged() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), RULES));
        r.feed(fix(0, -117.3, 10.2, 4000));
        VehicleState before = r.state;
        Evaluation dup = r.feed(fix(0, -118, 10.2, 7000));
        assertThat(dup.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(dup.state()).isSameAs(before);
        assertThat(dup.events()).isEmpty();
        assertThat(dup.opened()).isEmpty();
        assertThat(dup.continued()).isEmpty();
        assertThat(dup.closed()).isEmpty();
    }

    @Test
    void anOlderFixIsLateForTheEngineWhateverItsAgeTheHubsFixLogDecidesDuplicates() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), RULES));
        for (int i = 0; i < 40; i++) {
            r.feed(fix(i * 10L, -118, 10.2, 4000));
        }
        assertThat(r.feed(fix(390, -117.3, 10.2, 4000)).outcome()).as("the last applied timestamp")
                .isEqualTo(Outcome.DUPLICATE);
        assertThat(r.feed(fix(380, -117.3, 10.2, 4000)).outcome()).isEqualTo(Outcome.LATE);
        assertThat(r.feed(fix(0, -117.3, 10.2, 4000)).outcome()).isEqualTo(Outcome.LATE);
    }

    @Test
    void aLateFixIsJudgedByStatelessRulesOnlyAndLeavesStateAlone() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI, PRZ), RULES));
        r.feed(fix(0, -119.3, 10.2, 4000));        // enters PRZ
        r.feed(fix(1000, -119.3, 10.2, 4000));     // gap + dwell episodes open
        VehicleState before = r.state;
        assertThat(before.openViolations()).containsOnlyKeys("R-GAP", "R-DWELL|PRZ-1");

        Evaluation late = r.feed(fix(500, -117.3, 10.2, 6500)); // in the APEI, too deep, far away
        assertThat(late.outcome()).isEqualTo(Outcome.LATE);
        assertThat(late.state()).isSameAs(before);
        assertThat(late.events()).isEmpty();
        assertThat(late.continued()).isEmpty();
        assertThat(late.closed()).isEmpty();
        assertThat(late.opened()).extracting(Violation::ruleId).containsExactly("R-APEI", "R-DEPTH");
        assertThat(late.opened()).allSatisfy(v -> {
            assertThat(v.late()).isTrue();
            assertThat(v.inferred()).isFalse();
            assertThat(v.status()).isEqualTo(Status.CLOSED);
            assertThat(v.startedAt()).isEqualTo(at(500));
            assertThat(v.endedAt()).isEqualTo(at(500));
            assertThat(v.lastSeenAt()).isEqualTo(at(500));
            assertThat(v.message()).endsWith("(late fix)");
            assertThat(v.violationId()).isEqualTo(
                    ComplianceEngine.violationId("AUV-001", v.ruleId(), v.zoneId(), at(500), true, false));
        });

        // dwell still counts from the first entry; the next fix continues both episodes
        Evaluation next = r.feed(fix(1100, -119.3, 10.2, 4000));
        assertThat(next.state().zoneEntries()).containsEntry("PRZ-1", at(0));
        assertThat(next.continued()).extracting(Violation::ruleId).containsExactly("R-DWELL");
        assertThat(next.closed()).extracting(Violation::ruleId).containsExactly("R-GAP");
    }

    @Test
    void aLateCompliantFixGivesNothing() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), RULES));
        r.feed(fix(100, -118, 10.2, 4000));
        Evaluation late = r.feed(fix(50, -118.5, 10.2, 4000));
        assertThat(late.outcome()).isEqualTo(Outcome.LATE);
        assertThat(late.opened()).isEmpty();
    }

    @Test
    void anOutOfOrderSequenceAppliesOnlyTheNewestFixes() {
        Replay r = new Replay(new ComplianceEngine(List.of(APEI), List.of(RULES.get(0))));
        long[] times = {0, 30, 20, 60, 60, 45, 90, 30, 120};
        double[] lons = {-118, -117.3, -117.3, -117.2, -117.2, -118, -116.9, -117.3, -116.8};
        for (int i = 0; i < times.length; i++) {
            r.feed(fix(times[i], lons[i], 10.2, 4000));
        }
        assertThat(r.results).extracting(Evaluation::outcome).containsExactly(
                Outcome.APPLIED, Outcome.APPLIED, Outcome.LATE, Outcome.APPLIED, Outcome.DUPLICATE, Outcome.LATE,
                // 30 again: the engine sees an older fix (the hub's fix log drops it before it gets here)
                Outcome.APPLIED, Outcome.LATE, Outcome.APPLIED);
        assertThat(r.results).flatExtracting(Evaluation::events).extracting(ZoneEvent::type, ZoneEvent::timestamp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ZoneEvent.Type.ZONE_ENTRY, at(30)),
                        org.assertj.core.groups.Tuple.tuple(ZoneEvent.Type.ZONE_EXIT, at(90)));
        assertThat(r.results.get(2).opened()).singleElement().satisfies(v -> assertThat(v.late()).isTrue());
        assertThat(r.results).flatExtracting(Evaluation::closed).singleElement().satisfies(v -> {
            assertThat(v.startedAt()).isEqualTo(at(30));
            assertThat(v.lastSeenAt()).isEqualTo(at(60));
            assertThat(v.endedAt()).isEqualTo(at(90));
        });
        assertThat(r.state.lastFix().timestamp()).isEqualTo(at(120));
    }
}
