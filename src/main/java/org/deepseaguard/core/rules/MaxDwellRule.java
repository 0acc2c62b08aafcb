package org.deepseaguard.core.rules;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code max_dwell}: breaches when the event time since the vehicle entered the member zone (the
 * timestamp of its first fix inside) is strictly longer than {@code max_dwell_seconds}. Exact to the
 * nanosecond. Stateless and thread-safe (the entry time comes in the {@link FixContext}).
 */
public final class MaxDwellRule extends RuleKind<MaxDwellRule.Params> {

    /** @param maxDwellSeconds the longest compliant stay in one zone, seconds of event time, positive */
    public record Params(Long maxDwellSeconds) {
    }

    public MaxDwellRule() {
        super("max_dwell", Params.class, JudgedIn.MEMBER_ZONES);
    }

    @Override
    public Params read(ParameterReader in) {
        return new Params(in.integer("max_dwell_seconds"));
    }

    @Override
    public List<FieldError> validate(Params p) {
        return p.maxDwellSeconds() == null || p.maxDwellSeconds() <= 0
                ? List.of(new FieldError("max_dwell_seconds", "a positive number is required for max_dwell"))
                : List.of();
    }

    @Override
    public void write(Params p, ParameterWriter out) {
        out.integer("max_dwell_seconds", p.maxDwellSeconds());
    }

    @Override
    public boolean breaches(Params p, Zone zone, FixContext ctx) {
        if (zone == null) {
            return false;
        }
        Instant entered = ctx.entryTime(zone.zoneId());
        return entered != null && Durations.exceeds(entered, ctx.fix().timestamp(), p.maxDwellSeconds());
    }

    @Override
    public String describe(Rule rule, Params p, Zone zone, FixContext ctx) {
        double dwell = Durations.seconds(ctx.entryTime(zone.zoneId()), ctx.fix().timestamp());
        return ctx.auvId() + " has been in " + zone.zoneId() + " for " + Messages.number(dwell)
                + " s, longer than " + p.maxDwellSeconds() + " s allowed by rule " + rule.ruleId();
    }
}
