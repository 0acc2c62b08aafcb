package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code speed_limit}: breaches when the larger of the reported {@code speed} and the geodesic
 * speed since the previous applied fix (WGS 84 distance over event time, only when time passed) is
 * strictly above {@code max_speed_mps}. Correct across the antimeridian (the geodesic goes the short
 * way). The geodesic distance is only computed when the reported speed does not already breach and
 * a cheap upper bound does not already clear the fix. Stateless and thread-safe.
 */
public final class SpeedLimitEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.SPEED_LIMIT;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        double max = rule.maxSpeedMps();
        Double reported = ctx.fix().speed();
        if (reported != null && reported > max) {
            return true;
        }
        return ctx.movedFasterThan(max);
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        String where = zone == null ? "" : " in " + zone.zoneId();
        return ctx.auvId() + " moving at " + Messages.number(ctx.speed()) + " m/s" + where + ", above "
                + Messages.number(rule.maxSpeedMps()) + " m/s of rule " + rule.ruleId();
    }
}
