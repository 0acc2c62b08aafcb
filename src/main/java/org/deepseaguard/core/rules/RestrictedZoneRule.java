package org.deepseaguard.core.rules;

import java.time.Instant;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;

/**
 * {@code restricted_zone}, no parameters: a fix that is a member of a zone in scope (footprint
 * covers it, boundary included, depth band and validity period hold) breaches. The engine only
 * asks about member zones, so every question it asks is a breach; a {@code null} zone never
 * breaches. A zone in scope crossed between two fixes outside it is an inferred breach.
 * Stateless and thread-safe.
 */
public final class RestrictedZoneRule extends ParameterlessRuleKind {

    public RestrictedZoneRule() {
        super("restricted_zone", JudgedIn.MEMBER_ZONES);
    }

    @Override
    public boolean isStateless() {
        return true;
    }

    @Override
    public boolean breaches(NoParameters parameters, Zone zone, FixContext ctx) {
        return zone != null;
    }

    @Override
    public String describe(Rule rule, NoParameters parameters, Zone zone, FixContext ctx) {
        return ctx.auvId() + " is inside " + Messages.zone(zone) + ", restricted by rule " + rule.ruleId();
    }

    @Override
    public boolean infersCrossings() {
        return true;
    }

    @Override
    public String describeCrossing(Rule rule, Zone zone, String auvId, Instant from, Instant to) {
        return auvId + " crossed " + zone.zoneId() + " (" + zone.zoneType().wireName() + ") between fixes at "
                + from + " and " + to + ", restricted by rule " + rule.ruleId() + " (inferred)";
    }
}
