package org.deepseaguard.core.rules;

import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code depth_limit}: the fix depth (metres, positive down) breaches when it is below
 * {@code min_depth} or above {@code max_depth}; the bounds are inclusive (a fix at a bound is
 * compliant) and a missing bound is no limit. Judged in each member zone in scope for a
 * zone-scoped rule and once with a {@code null} zone otherwise; the zone does not change the
 * answer. Stateless and thread-safe.
 */
public final class DepthLimitRule extends RuleKind<DepthLimitRule.Params> {

    /**
     * @param minDepth shallowest compliant depth in metres (positive down), {@code null} for none
     * @param maxDepth deepest compliant depth in metres, {@code null} for none; at least one is given
     */
    public record Params(Double minDepth, Double maxDepth) {
    }

    public DepthLimitRule() {
        super("depth_limit", Params.class, JudgedIn.MEMBER_ZONES_IF_SCOPED);
    }

    @Override
    public boolean isStateless() {
        return true;
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.number("min_depth"), in.number("max_depth"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        List<FieldError> errors = new ArrayList<>(1);
        if (p.minDepth() == null && p.maxDepth() == null) {
            errors.add(new FieldError("min_depth", "min_depth or max_depth is required for depth_limit"));
        }
        if (p.minDepth() != null && p.maxDepth() != null && p.minDepth() > p.maxDepth()) {
            errors.add(new FieldError("min_depth", "must not exceed max_depth"));
        }
        return errors;
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.number("min_depth", p.minDepth());
        out.number("max_depth", p.maxDepth());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        double depth = ctx.fix().depth();
        Double min = p.minDepth();
        Double max = p.maxDepth();
        return (min != null && depth < min) || (max != null && depth > max);
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        String where = zone == null ? "" : " in " + zone.zoneId();
        return ctx.auvId() + " at " + Messages.number(ctx.fix().depth()) + " m" + where
                + ", outside depth limits [" + Messages.bound(p.minDepth()) + ", "
                + Messages.bound(p.maxDepth()) + "] m of rule " + rule.ruleId();
    }
}
