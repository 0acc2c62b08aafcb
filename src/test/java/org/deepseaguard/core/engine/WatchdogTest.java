package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Violation.Status;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static final Instant WALL = Instant.parse("2027-03-01T12:00:00Z"); // replayed history arrives later

    private final ComplianceEngine engine = new ComplianceEngine(List.of(),
            List.of(rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(600).build(),
                    rule("R-GAP-OTHER", RuleType.TELEMETRY_GAP).maxGap(60).auvs("AUV-002").build()));

    @Test
    void silenceLongerThanTheGapOpensOneEpisodeAtTheLastFix() {
        Replay r = new Replay(engine);
        r.feed(fix(0, -118, 10.2, 4000), WALL);
        assertThat(r.state.lastArrival()).isEqualTo(WALL);

        Evaluation quiet = engine.checkSilence(r.state, null, WALL.plusSeconds(600));
        assertThat(quiet.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(quiet.opened()).isEmpty();
        assertThat(quiet.state()).isSameAs(r.state);

        Evaluation dark = engine.checkSilence(r.state, null, WALL.plusSeconds(601));
        assertThat(dark.opened()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("R-GAP");
            assertThat(v.status()).isEqualTo(Status.OPEN);
            assertThat(v.startedAt()).isEqualTo(at(0));
            assertThat(v.lastSeenAt()).isEqualTo(at(0));
            assertThat(v.longitude()).isEqualTo(-118);
            assertThat(v.zoneId()).isNull();
        });
        assertThat(dark.state().openViolations()).containsOnlyKeys("R-GAP");
        assertThat(dark.state().lastFix()).isEqualTo(r.state.lastFix());
        assertThat(engine.checkSilence(dark.state(), null, WALL.plusSeconds(9000)).opened())
                .as("already open").isEmpty();

        // the next fix comes after a long event-time gap: the episode continues
        Evaluation back = engine.evaluate(dark.state(), fix(3600, -118, 10.2, 4000), null, WALL.plusSeconds(9000));
        assertThat(back.continued()).singleElement().satisfies(v -> {
            assertThat(v.violationId()).isEqualTo(dark.opened().get(0).violationId());
            assertThat(v.lastSeenAt()).isEqualTo(at(3600));
        });
        // a fix soon after closes it
        Evaluation ok = engine.evaluate(back.state(), fix(3660, -118, 10.2, 4000), null, WALL.plusSeconds(9060));
        assertThat(ok.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(3660)));
    }

    @Test
    void aReplayedBackLogDoesNotLookDarkAndANewVehicleIsLeftAlone() {
        Replay r = new Replay(engine);
        r.feed(fix(0, -118, 10.2, 4000), WALL);
        r.feed(fix(3000, -118, 10.2, 4000), WALL.plusSeconds(1));
        assertThat(engine.checkSilence(r.state, null, WALL.plusSeconds(60)).opened()).isEmpty();
        assertThat(engine.checkSilence(VehicleState.initial("AUV-009"), null, WALL).opened()).isEmpty();
    }
}
