package org.deepseaguard.core.rules;

import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code speed_limit}: breaches when the larger of the reported {@code speed} and the geodesic
 * speed since the previous applied fix (WGS 84 distance over event time, only when time passed) is
 * strictly above {@code max_speed_mps}. Correct across the antimeridian (the geodesic goes the short
 * way). The geodesic distance is only computed when the reported speed does not already breach and
 * a cheap upper bound does not already clear the fix. A zone-scoped rule is judged in the first
 * member zone in scope. Stateless and thread-safe.
 */
public final class SpeedLimitRule extends RuleKind<SpeedLimitRule.Params> {

    /** @param maxSpeedMps the highest compliant speed, metres per second, positive and finite */
    public record Params(Double maxSpeedMps) {
    }

    public SpeedLimitRule() {
        super("speed_limit", Params.class, JudgedIn.FIRST_MEMBER_ZONE_IF_SCOPED);
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.number("max_speed_mps"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        Double max = p.maxSpeedMps();
        return max == null || !(max > 0) || max.isInfinite()
                ? List.of(new FieldError("max_speed_mps", "a positive number is required for speed_limit"))
                : List.of();
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.number("max_speed_mps", p.maxSpeedMps());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        double max = p.maxSpeedMps();
        Double reported = ctx.fix().speed();
        if (reported != null && reported > max) {
            return true;
        }
        return ctx.movedFasterThan(max);
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        String where = zone == null ? "" : " in " + zone.zoneId();
        return ctx.auvId() + " moving at " + Messages.number(ctx.speed()) + " m/s" + where + ", above "
                + Messages.number(p.maxSpeedMps()) + " m/s of rule " + rule.ruleId();
    }
}
