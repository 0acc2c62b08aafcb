package org.deepseaguard.core.rules;

import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code proximity}: breaches when the fix lies outside the zone's 2-D footprint (depth band not
 * considered), the zone is valid at the fix time, and the geodesic distance to its boundary is
 * strictly below {@code min_distance_m}. The distance comes from
 * {@link FixContext#distanceTo} (set by the engine from the zone index's {@code near} query, which
 * only lists zones not covering the point); a zone not found near never breaches.
 * Stateless and thread-safe.
 */
public final class ProximityRule extends RuleKind<ProximityRule.Params> {

    /** @param minDistanceM the closest compliant distance to a zone's boundary, metres (geodesic), positive and finite */
    public record Params(Double minDistanceM) {
    }

    public ProximityRule() {
        super("proximity", Params.class, JudgedIn.NEAR_ZONES);
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.number("min_distance_m"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        Double min = p.minDistanceM();
        return min == null || !(min > 0) || min.isInfinite()
                ? List.of(new FieldError("min_distance_m", "a positive number is required for proximity"))
                : List.of();
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.number("min_distance_m", p.minDistanceM());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        return zone != null
                && ctx.distanceTo(zone) < p.minDistanceM()
                && zone.isValidAt(ctx.fix().timestamp());
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        return ctx.auvId() + " is " + Messages.number(ctx.distanceTo(zone)) + " m from " + Messages.zone(zone)
                + ", closer than " + Messages.number(p.minDistanceM()) + " m allowed by rule " + rule.ruleId();
    }

    @Override
    public double reachMetres(Params p) {
        return p.minDistanceM();
    }
}
