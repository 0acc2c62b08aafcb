package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code restricted_zone}: a fix that is a member of a zone in scope (footprint covers it, boundary
 * included, depth band and validity period hold) breaches. The engine only asks about member zones,
 * so every question it asks is a breach; a {@code null} zone never breaches.
 * Stateless and thread-safe.
 */
public final class RestrictedZoneEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.RESTRICTED_ZONE;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        return zone != null;
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        return ctx.auvId() + " is inside " + Messages.zone(zone) + ", restricted by rule " + rule.ruleId();
    }
}
