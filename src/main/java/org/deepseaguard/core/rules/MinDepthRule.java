package org.deepseaguard.core.rules;

import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code min_depth}: inside the zones in scope a vehicle must stay at least {@code min_depth}
 * metres deep (positive down), e.g. to keep clear of surface traffic or a sensitive upper water
 * column. A fix breaches when it is a member of a zone in scope and its depth is strictly less
 * than the limit; exactly at the limit is compliant. A fix outside every zone in scope is not
 * judged (for a limit everywhere, use {@code depth_limit} without a zone scope); no zone scope
 * means every zone. Episodes are per zone, like {@code restricted_zone}'s; late fixes are judged
 * too (one fix decides). Stateless and thread-safe.
 */
public final class MinDepthRule extends RuleKind<MinDepthRule.Params> {

    /** @param minDepth the shallowest compliant depth in metres, positive down; positive and finite */
    public record Params(Double minDepth) {
    }

    public MinDepthRule() {
        super("min_depth", Params.class, JudgedIn.MEMBER_ZONES);
    }

    @Override
    public boolean isStateless() {
        return true;
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.number("min_depth"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        Double min = p.minDepth();
        return min == null || !(min > 0) || min.isInfinite()
                ? List.of(new FieldError("min_depth", "a positive number is required for min_depth"))
                : List.of();
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.number("min_depth", p.minDepth());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        return zone != null && ctx.fix().depth() < p.minDepth();
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        return ctx.auvId() + " at " + Messages.number(ctx.fix().depth()) + " m in " + Messages.zone(zone)
                + ", shallower than " + Messages.bound(p.minDepth()) + " m allowed by rule " + rule.ruleId();
    }
}
