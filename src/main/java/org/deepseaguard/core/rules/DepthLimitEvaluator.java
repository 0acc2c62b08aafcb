package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code depth_limit}: the fix depth (metres, positive down) breaches when it is below
 * {@code min_depth} or above {@code max_depth}; the bounds are inclusive (a fix at a bound is
 * compliant) and a missing bound is no limit. The engine asks with each member zone in scope for a
 * zone-scoped rule and once with a {@code null} zone otherwise; the zone does not change the
 * answer. Stateless and thread-safe.
 */
public final class DepthLimitEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.DEPTH_LIMIT;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        double depth = ctx.fix().depth();
        Double min = rule.minDepth();
        Double max = rule.maxDepth();
        return (min != null && depth < min) || (max != null && depth > max);
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        String where = zone == null ? "" : " in " + zone.zoneId();
        return ctx.auvId() + " at " + Messages.number(ctx.fix().depth()) + " m" + where
                + ", outside depth limits [" + Messages.bound(rule.minDepth()) + ", "
                + Messages.bound(rule.maxDepth()) + "] m of rule " + rule.ruleId();
    }
}
