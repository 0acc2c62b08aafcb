package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code proximity}: breaches when the fix lies outside the zone's 2-D footprint (depth band not
 * considered), the zone is valid at the fix time, and the geodesic distance to its boundary is
 * strictly below {@code min_distance_m}. The distance comes from
 * {@link FixContext#distanceTo} (set by the engine from the zone index's {@code near} query, which
 * only lists zones not covering the point); a zone not found near never breaches.
 * Stateless and thread-safe.
 */
public final class ProximityEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.PROXIMITY;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        return zone != null
                && ctx.distanceTo(zone) < rule.minDistanceM()
                && zone.isValidAt(ctx.fix().timestamp());
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        return ctx.auvId() + " is " + Messages.number(ctx.distanceTo(zone)) + " m from " + Messages.zone(zone)
                + ", closer than " + Messages.number(rule.minDistanceM()) + " m allowed by rule " + rule.ruleId();
    }
}
