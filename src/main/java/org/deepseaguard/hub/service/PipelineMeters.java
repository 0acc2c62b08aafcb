package org.deepseaguard.hub.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.springframework.stereotype.Component;

/**
 * The pipeline's meters (docs/metrics.md), all registered at startup with every tag value they can
 * take, so the hot path only increments counters held in arrays (no registry lookup, no string
 * building per fix) and a dashboard sees every series from the start, at zero.
 * <ul>
 * <li>{@code deepseaguard.fixes.received{channel}}: every item the validate step read (a batch's
 * items one by one, a single message as one), when it is read.</li>
 * <li>{@code deepseaguard.fixes{channel,outcome}}: {@code rejected} when validation refuses an item;
 * {@code applied}, {@code late} and {@code duplicate} when the item's batch commits (a batch that
 * fails counts nothing: it is retried or parked as a dead letter).</li>
 * <li>{@code deepseaguard.evaluation}: a timer with a percentile histogram, the time to judge one
 * committed batch ({@link ComplianceService#judge}: locks, dedupe, judge, the one transaction).</li>
 * <li>{@code deepseaguard.violations.opened{rule_type,severity}}: episodes opened, counted after their
 * transaction commits (by fixes and by the telemetry-gap watchdog).</li>
 * </ul>
 * Thread-safe.
 */
@Component
public class PipelineMeters {

    /**
     * The input a fix came by, the {@code channel} tag: the hub's own sources by name, anything else
     * (an integrator's route, whatever its {@code deepseaguard_source} says, or none) as {@link #ROUTE},
     * so the tag has a fixed set of values.
     */
    public enum Channel {
        HTTP, AMQP, MQTT, KAFKA, SIMULATOR, REPLAY, ROUTE;

        private final String tag = name().toLowerCase(Locale.ROOT);

        /** The tag value: {@code http}, {@code amqp}, ... {@code route}. */
        public String tag() {
            return tag;
        }

        /** The channel of a source (header {@code deepseaguard_source}); null and unknown sources are {@link #ROUTE}. */
        public static Channel of(String source) {
            if (source == null) {
                return ROUTE;
            }
            return switch (source) {
                case "http" -> HTTP;
                case "amqp" -> AMQP;
                case "mqtt" -> MQTT;
                case "kafka" -> KAFKA;
                case "simulator" -> SIMULATOR;
                case "replay" -> REPLAY;
                default -> ROUTE;
            };
        }
    }

    /** The {@code outcome} tag of {@code deepseaguard.fixes}. */
    private enum FixOutcome {
        APPLIED, LATE, DUPLICATE, REJECTED
    }

    private final Counter[] received = new Counter[Channel.values().length];
    private final Counter[][] fixes = new Counter[Channel.values().length][FixOutcome.values().length];
    /** per rule type (interned, hence identity), by severity ordinal */
    private final Map<RuleType, Counter[]> opened = new IdentityHashMap<>();
    private final Timer evaluation;

    public PipelineMeters(MeterRegistry meters) {
        for (Channel channel : Channel.values()) {
            received[channel.ordinal()] = Counter.builder("deepseaguard.fixes.received")
                    .description("items read by the validate step (valid or not), by the input they came by")
                    .tag("channel", channel.tag()).register(meters);
            for (FixOutcome outcome : FixOutcome.values()) {
                fixes[channel.ordinal()][outcome.ordinal()] = Counter.builder("deepseaguard.fixes")
                        .description("fixes by what became of them: applied, late, duplicate (once their batch "
                                + "committed) or rejected (refused by validation)")
                        .tag("channel", channel.tag()).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(meters);
            }
        }
        for (RuleType type : RuleType.values()) {
            Counter[] bySeverity = new Counter[Severity.values().length];
            opened.put(type, bySeverity);
            for (Severity severity : Severity.values()) {
                bySeverity[severity.ordinal()] = Counter.builder("deepseaguard.violations.opened")
                        .description("violation episodes opened (counted once their transaction committed)")
                        .tag("rule_type", type.wireName()).tag("severity", severity.wireName()).register(meters);
            }
        }
        evaluation = Timer.builder("deepseaguard.evaluation")
                .description("time to judge one committed batch: lock its vehicles, drop duplicates, judge, "
                        + "persist in one transaction")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    /** {@code items} read by the validate step from {@code channel}, {@code rejected} of them refused. */
    void read(Channel channel, int items, int rejected) {
        received[channel.ordinal()].increment(items);
        if (rejected > 0) {
            fixes[channel.ordinal()][FixOutcome.REJECTED.ordinal()].increment(rejected);
        }
    }

    /**
     * A batch committed: its counts by outcome, its violations opened and the time it took.
     *
     * @param counts  fixes by {@link Evaluation.Outcome}, indexed by ordinal
     * @param results the batch's results (their opened violations are counted)
     * @param nanos   the time since judging began
     */
    void committed(Channel channel, int[] counts, List<FixResult> results, long nanos) {
        Counter[] byOutcome = fixes[channel.ordinal()];
        add(byOutcome[FixOutcome.APPLIED.ordinal()], counts[Evaluation.Outcome.APPLIED.ordinal()]);
        add(byOutcome[FixOutcome.LATE.ordinal()], counts[Evaluation.Outcome.LATE.ordinal()]);
        add(byOutcome[FixOutcome.DUPLICATE.ordinal()], counts[Evaluation.Outcome.DUPLICATE.ordinal()]);
        opened(results);
        evaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The violations opened by committed results (also the watchdog's). */
    void opened(List<FixResult> results) {
        for (FixResult r : results) {
            for (Violation v : r.evaluation().opened()) {
                opened.get(v.ruleType())[v.severity().ordinal()].increment();
            }
        }
    }

    /** Fixes since the start by outcome ({@code applied}, {@code late}, {@code duplicate}, {@code rejected}), all channels. */
    public Map<String, Long> fixesByOutcome() {
        Map<String, Long> byOutcome = new TreeMap<>();
        for (FixOutcome outcome : FixOutcome.values()) {
            long sum = 0;
            for (Counter[] channel : fixes) {
                sum += (long) channel[outcome.ordinal()].count();
            }
            byOutcome.put(outcome.name().toLowerCase(Locale.ROOT), sum);
        }
        return byOutcome;
    }

    private static void add(Counter counter, int n) {
        if (n > 0) {
            counter.increment(n);
        }
    }
}
