package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.List;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

class EpisodesTest {

    private static final Zone CLOSED = zone("CA-1", ZoneType.CLOSED_AREA, box(-117.5, 10.0, -117.0, 10.5));
    private static final Rule RESTRICTED = rule("R-CLOSED", RuleType.RESTRICTED_ZONE)
            .zoneTypes(ZoneType.CLOSED_AREA).build();

    @Test
    void anEpisodeOpensContinuesAndCloses() {
        Replay r = new Replay(new ComplianceEngine(List.of(CLOSED), List.of(RESTRICTED)));
        r.feed(fix(0, -118, 10.2, 4000));

        Evaluation open = r.feed(fix(60, -117.3, 10.2, 4000));
        assertThat(open.opened()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.OPEN);
            assertThat(v.ruleId()).isEqualTo("R-CLOSED");
            assertThat(v.ruleType()).isEqualTo(RuleType.RESTRICTED_ZONE);
            assertThat(v.zoneId()).isEqualTo("CA-1");
            assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(v.startedAt()).isEqualTo(at(60));
            assertThat(v.lastSeenAt()).isEqualTo(at(60));
            assertThat(v.endedAt()).isNull();
            assertThat(v.longitude()).isEqualTo(-117.3);
            assertThat(v.late()).isFalse();
            assertThat(v.inferred()).isFalse();
            assertThat(v.message()).isEqualTo("AUV-001 is inside CA-1 (closed_area), restricted by rule R-CLOSED");
            assertThat(v.violationId()).isEqualTo(
                    ComplianceEngine.violationId("AUV-001", "R-CLOSED", "CA-1", at(60), false, false));
        });
        assertThat(open.state().openViolations()).containsOnlyKeys(ComplianceEngine.episodeKey("R-CLOSED", "CA-1"));

        Evaluation more = r.feed(fix(120, -117.2, 10.3, 4100));
        assertThat(more.opened()).isEmpty();
        assertThat(more.continued()).singleElement().satisfies(v -> {
            assertThat(v.violationId()).isEqualTo(open.opened().get(0).violationId());
            assertThat(v.startedAt()).isEqualTo(at(60));
            assertThat(v.lastSeenAt()).isEqualTo(at(120));
            assertThat(v.longitude()).isEqualTo(-117.2);
            assertThat(v.depth()).isEqualTo(4100);
        });

        Evaluation out = r.feed(fix(180, -116.9, 10.3, 4100));
        assertThat(out.continued()).isEmpty();
        assertThat(out.closed()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.CLOSED);
            assertThat(v.violationId()).isEqualTo(open.opened().get(0).violationId());
            assertThat(v.startedAt()).isEqualTo(at(60));
            assertThat(v.lastSeenAt()).isEqualTo(at(120));
            assertThat(v.endedAt()).isEqualTo(at(180));
        });
        assertThat(out.state().openViolations()).isEmpty();
    }

    @Test
    void aVehicleParkedInAClosedAreaMakesOneEpisode() {
        Replay r = new Replay(new ComplianceEngine(List.of(CLOSED), List.of(RESTRICTED)));
        for (int i = 0; i < 100; i++) {
            r.feed(fix(i * 30L, -117.3, 10.2, 4000));
        }
        assertThat(r.results).flatExtracting(Evaluation::opened).hasSize(1);
        assertThat(r.results).flatExtracting(Evaluation::continued).hasSize(99)
                .extracting(Violation::violationId).containsOnly(r.results.get(0).opened().get(0).violationId());
        assertThat(r.results).flatExtracting(Evaluation::closed).isEmpty();
        assertThat(r.state.openViolations().values()).singleElement()
                .satisfies(v -> assertThat(v.lastSeenAt()).isEqualTo(at(99 * 30L)));
    }

    @Test
    void aRuleRemovedWhileAnEpisodeIsOpenClosesItAtTheNextFix() {
        ComplianceEngine engine = new ComplianceEngine(List.of(CLOSED), List.of(RESTRICTED));
        Replay r = new Replay(engine);
        r.feed(fix(0, -117.3, 10.2, 4000));
        engine.updateRules(List.of());
        Evaluation next = r.feed(fix(10, -117.3, 10.2, 4000));
        assertThat(next.closed()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("R-CLOSED");
            assertThat(v.endedAt()).isEqualTo(at(10));
        });
        assertThat(next.state().openViolations()).isEmpty();
    }

    @Test
    void aRuleDisabledOrAZoneRemovedClosesTheEpisodeToo() {
        ComplianceEngine engine = new ComplianceEngine(List.of(CLOSED), List.of(RESTRICTED));
        Replay r = new Replay(engine);
        r.feed(fix(0, -117.3, 10.2, 4000));
        engine.updateRules(List.of(rule("R-CLOSED", RuleType.RESTRICTED_ZONE).disabled().version(2).build()));
        assertThat(r.feed(fix(10, -117.3, 10.2, 4000)).closed()).hasSize(1);

        engine.updateRules(List.of(RESTRICTED));
        assertThat(r.feed(fix(20, -117.3, 10.2, 4000)).opened()).hasSize(1);
        engine.updateZones(List.of());
        assertThat(r.feed(fix(30, -117.3, 10.2, 4000)).closed()).singleElement()
                .satisfies(v -> assertThat(v.startedAt()).isEqualTo(at(20)));
    }

    @Test
    void zoneAndRuleVersionsAreRecorded() {
        Zone v3 = CLOSED.withVersion(3);
        ComplianceEngine engine = new ComplianceEngine(List.of(v3), List.of(RESTRICTED.withVersion(7),
                rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(60).version(2).build()));
        Replay r = new Replay(engine);
        r.feed(fix(0, -117.3, 10.2, 4000));
        Evaluation e = r.feed(fix(100, -117.3, 10.2, 4000));
        assertThat(e.opened()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("R-GAP");
            assertThat(v.zoneVersion()).isZero();
            assertThat(v.ruleVersion()).isEqualTo(2);
        });
        assertThat(e.continued()).singleElement().satisfies(v -> {
            assertThat(v.zoneVersion()).isEqualTo(3);
            assertThat(v.ruleVersion()).isEqualTo(7);
        });
        // new versions while the episode is open: it keeps those that opened it, through its close
        engine.updateZones(List.of(CLOSED.withVersion(4)));
        engine.updateRules(List.of(RESTRICTED.withVersion(8)));
        assertThat(r.feed(fix(110, -117.3, 10.2, 4000)).continued()).singleElement().satisfies(v -> {
            assertThat(v.zoneVersion()).isEqualTo(3);
            assertThat(v.ruleVersion()).isEqualTo(7);
        });
        assertThat(r.feed(fix(120, -110.0, 10.2, 4000)).closed()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo(RESTRICTED.ruleId());
            assertThat(v.zoneVersion()).isEqualTo(3);
            assertThat(v.ruleVersion()).isEqualTo(7);
        });
        // a new episode is judged by the versions in force when it opens
        assertThat(r.feed(fix(130, -117.3, 10.2, 4000)).opened()).singleElement().satisfies(v -> {
            assertThat(v.zoneVersion()).isEqualTo(4);
            assertThat(v.ruleVersion()).isEqualTo(8);
        });
    }

    @Test
    void severalEpisodesAreReportedInRuleThenZoneOrder() {
        Zone other = zone("CA-0", ZoneType.CLOSED_AREA, box(-117.4, 10.1, -117.1, 10.4));
        Rule depth = rule("R-DEPTH", RuleType.DEPTH_LIMIT).depth(null, 3000.0).build();
        Replay r = new Replay(new ComplianceEngine(List.of(CLOSED, other), List.of(RESTRICTED, depth)));
        Evaluation e = r.feed(fix(0, -117.3, 10.2, 4000));
        assertThat(e.opened()).extracting(Violation::ruleId, Violation::zoneId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("R-CLOSED", "CA-0"),
                org.assertj.core.groups.Tuple.tuple("R-CLOSED", "CA-1"),
                org.assertj.core.groups.Tuple.tuple("R-DEPTH", null));
        assertThat(e.opened().get(2).message())
                .isEqualTo("AUV-001 at 4000.0 m, outside depth limits [-, 3000] m of rule R-DEPTH");
    }
}
