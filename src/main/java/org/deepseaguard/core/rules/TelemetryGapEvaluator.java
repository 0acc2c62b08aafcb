package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code telemetry_gap}: breaches when the event time between the previous applied fix and this
 * one is strictly longer than {@code max_gap_seconds}. A vehicle's first fix never breaches. (The
 * wall-clock watchdog for vehicles that went silent is
 * {@link org.deepseaguard.core.engine.ComplianceEngine#checkSilence}.) Stateless and thread-safe.
 */
public final class TelemetryGapEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.TELEMETRY_GAP;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        return ctx.previous() != null
                && Durations.exceeds(ctx.previous().timestamp(), ctx.fix().timestamp(), rule.maxGapSeconds());
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        return ctx.auvId() + " sent no fix for " + Messages.number(ctx.secondsSincePrevious())
                + " s, longer than " + rule.maxGapSeconds() + " s allowed by rule " + rule.ruleId();
    }
}
