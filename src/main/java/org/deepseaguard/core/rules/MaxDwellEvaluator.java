package org.deepseaguard.core.rules;

import java.time.Instant;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code max_dwell}: breaches when the event time since the vehicle entered the member zone (the
 * timestamp of its first fix inside) is strictly longer than {@code max_dwell_seconds}. Exact to the
 * nanosecond. Stateless and thread-safe.
 */
public final class MaxDwellEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.MAX_DWELL;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        if (zone == null) {
            return false;
        }
        Instant entered = ctx.entryTime(zone.zoneId());
        return entered != null && Durations.exceeds(entered, ctx.fix().timestamp(), rule.maxDwellSeconds());
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        double dwell = Durations.seconds(ctx.entryTime(zone.zoneId()), ctx.fix().timestamp());
        return ctx.auvId() + " has been in " + zone.zoneId() + " for " + Messages.number(dwell)
                + " s, longer than " + rule.maxDwellSeconds() + " s allowed by rule " + rule.ruleId();
    }
}
