package org.deepseaguard.core.rules;

import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code telemetry_gap}: breaches when the event time between the previous applied fix and this
 * one is strictly longer than {@code max_gap_seconds}. A vehicle's first fix never breaches. Judged
 * once per fix whatever the zone scope. The wall-clock watchdog for vehicles that went silent
 * ({@link org.deepseaguard.core.engine.ComplianceEngine#checkSilence}) uses the same limit.
 * Stateless and thread-safe.
 */
public final class TelemetryGapRule extends RuleKind<TelemetryGapRule.Params> {

    /** @param maxGapSeconds the longest compliant time between fixes, seconds, positive */
    public record Params(Long maxGapSeconds) {
    }

    public TelemetryGapRule() {
        super("telemetry_gap", Params.class, JudgedIn.ANYWHERE);
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.integer("max_gap_seconds"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        return p.maxGapSeconds() == null || p.maxGapSeconds() <= 0
                ? List.of(new FieldError("max_gap_seconds", "a positive number is required for telemetry_gap"))
                : List.of();
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.integer("max_gap_seconds", p.maxGapSeconds());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        return ctx.previous() != null
                && Durations.exceeds(ctx.previous().timestamp(), ctx.fix().timestamp(), p.maxGapSeconds());
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        return ctx.auvId() + " sent no fix for " + Messages.number(ctx.secondsSincePrevious())
                + " s, longer than " + p.maxGapSeconds() + " s allowed by rule " + rule.ruleId();
    }

    @Override
    public long silenceLimitSeconds(Params p) {
        return p.maxGapSeconds();
    }

    @Override
    public String describeSilence(Rule rule, Params p, String auvId, long silentSeconds) {
        return "No fix has arrived from " + auvId + " for " + silentSeconds + " s (wall clock), longer than "
                + p.maxGapSeconds() + " s allowed by rule " + rule.ruleId();
    }
}
