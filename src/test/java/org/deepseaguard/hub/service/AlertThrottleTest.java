package org.deepseaguard.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.store.AlertHoldRepository;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link AlertThrottle} decisions in event time, and what it reads back after a restart (the
 * repository here is a map standing in for {@code alert_holds} and {@code violations}).
 */
class AlertThrottleTest {

    static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

    /** alert_holds and violations as the throttle asks about them. */
    static final class Table extends AlertHoldRepository {
        final List<Hold> holds = new ArrayList<>();
        final Map<String, Instant> alerted = new HashMap<>();

        Table() {
            super(null);
        }

        @Override
        public void insert(List<Hold> rows, Instant now) {
            holds.addAll(rows);
        }

        @Override
        public boolean openingHeld(String violationId) {
            return holds.stream().anyMatch(h -> h.violationId().equals(violationId) && h.transition().equals("violation_opened"));
        }

        @Override
        public Instant lastAlerted(String auvId, String ruleId, String zoneId) {
            return alerted.get(auvId + "|" + ruleId + "|" + zoneId);
        }
    }

    static AlertThrottle throttle(String minInterval, Table table) {
        var properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "deepseaguard.alerts.flapping.min-interval", minInterval)))
                .bindOrCreate("deepseaguard", DeepSeaGuardProperties.class);
        return new AlertThrottle(properties, table);
    }

    static Violation open(String id, Instant at) {
        return new Violation(id, "AUV-1", "R-1", RuleType.RESTRICTED_ZONE, "Z-1", Severity.CRITICAL, Violation.Status.OPEN,
                at, null, at, 10.5, 70.5, 3000, "in Z-1", false, false, 1, 1);
    }

    static Violation closed(Violation v, Instant at) {
        return new Violation(v.violationId(), v.auvId(), v.ruleId(), v.ruleType(), v.zoneId(), v.severity(),
                Violation.Status.CLOSED, v.startedAt(), at, v.lastSeenAt(), v.latitude(), v.longitude(), v.depth(),
                v.message(), false, false, 1, 1);
    }

    static FixResult result(List<Violation> opened, List<Violation> closed) {
        return new FixResult(null, new Evaluation(null, Evaluation.Outcome.APPLIED, List.of(), opened, List.of(), closed), "test");
    }

    /** One batch, committed: decide, write, remember. */
    static AlertThrottle.Decision batch(AlertThrottle throttle, Table table, FixResult... results) {
        AlertThrottle.Decision d = throttle.decide(List.of(results));
        throttle.insert(d, T0);
        throttle.keep(d);
        return d;
    }

    @Test
    void twentyCrossingsInTenMinutesAlertTheFirstEpisodeOnly() {
        Table table = new Table();
        AlertThrottle throttle = throttle("PT10M", table);
        int alerted = 0;
        for (int i = 0; i < 20; i++) {
            Violation v = open("V" + i, T0.plusSeconds(30L * i));
            AlertThrottle.Decision in = batch(throttle, table, result(List.of(v), List.of()));
            AlertThrottle.Decision out = batch(throttle, table, result(List.of(), List.of(closed(v, T0.plusSeconds(30L * i + 15)))));
            alerted += (in.held(v.violationId(), "violation_opened") ? 0 : 1) + (out.held(v.violationId(), "violation_closed") ? 0 : 1);
        }
        assertThat(alerted).isEqualTo(2);
        assertThat(table.holds).hasSize(38);
        assertThat(table.holds).extracting(AlertHoldRepository.Hold::violationId).doesNotContain("V0");
        // the last alert went out at T0 + 15 s (V0 closed): 10 minutes later is alerted, sooner is not
        Violation early = open("V-EARLY", T0.plusSeconds(15 + 599));
        assertThat(throttle.decide(List.of(result(List.of(early), List.of()))).held("V-EARLY", "violation_opened")).isTrue();
        Violation due = open("V-DUE", T0.plusSeconds(15 + 600));
        assertThat(throttle.decide(List.of(result(List.of(due), List.of()))).held("V-DUE", "violation_opened")).isFalse();
    }

    @Test
    void anAlertedOpeningAlwaysGetsItsClosingAndAHeldOneNever() {
        Table table = new Table();
        AlertThrottle throttle = throttle("PT10M", table);
        Violation a = open("A", T0);
        batch(throttle, table, result(List.of(a), List.of()));
        // an hour inside: its closing still goes out, whatever the interval says
        AlertThrottle.Decision closing = batch(throttle, table, result(List.of(), List.of(closed(a, T0.plusSeconds(3600)))));
        assertThat(closing.held("A", "violation_closed")).isFalse();
        // opened and closed in one batch, right after: both held
        Violation b = open("B", T0.plusSeconds(3660));
        AlertThrottle.Decision both = batch(throttle, table, result(List.of(b), List.of()),
                result(List.of(), List.of(closed(b, T0.plusSeconds(3670)))));
        assertThat(both.heldKeys()).containsExactlyInAnyOrder("B|violation_opened", "B|violation_closed");
    }

    @Test
    void afterARestartTheDatabaseDecides() {
        Table table = new Table();
        AlertThrottle before = throttle("PT10M", table);
        Violation a = open("A", T0);
        batch(before, table, result(List.of(a), List.of()));
        table.alerted.put("AUV-1|R-1|Z-1", T0); // the violations table: A opened at T0, alerted
        Violation b = open("B", T0.plusSeconds(60));
        batch(before, table, result(List.of(), List.of(closed(a, T0.plusSeconds(30)))));
        table.alerted.put("AUV-1|R-1|Z-1", T0.plusSeconds(30));
        batch(before, table, result(List.of(b), List.of()));
        assertThat(table.holds).extracting(AlertHoldRepository.Hold::violationId).containsExactly("B");

        AlertThrottle after = throttle("PT10M", table); // nothing in memory
        AlertThrottle.Decision closingB = after.decide(List.of(result(List.of(), List.of(closed(b, T0.plusSeconds(90))))));
        assertThat(closingB.held("B", "violation_closed")).as("B's opening was held: so is its closing").isTrue();
        Violation c = open("C", T0.plusSeconds(120));
        assertThat(after.decide(List.of(result(List.of(c), List.of()))).held("C", "violation_opened"))
                .as("within 10 minutes of A's closing, read back").isTrue();
    }

    @Test
    void offByDefault() {
        Table table = new Table();
        AlertThrottle throttle = throttle("PT0S", table);
        Violation a = open("A", T0);
        Violation b = open("B", T0.plusSeconds(1));
        AlertThrottle.Decision d = batch(throttle, table, result(List.of(a), List.of()),
                result(List.of(), List.of(closed(a, T0.plusMillis(500)))), result(List.of(b), List.of()));
        assertThat(d.heldKeys()).isEmpty();
        assertThat(table.holds).isEmpty();
        assertThat(Duration.ZERO).isEqualTo(new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("deepseaguard", DeepSeaGuardProperties.class).alerts().flapping().minInterval());
    }
}
