package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * {@code unauthorized_entry}: a fix in an access-controlled member zone (one naming a
 * {@code contract_id} or {@code authorized_auvs}) breaches unless the vehicle is registered under
 * the zone's contract or is listed in {@code authorized_auvs}. An unregistered vehicle holds no
 * contracts; a zone without a contract id is judged by {@code authorized_auvs} alone. A zone with
 * neither is open to all. Stateless and thread-safe.
 */
public final class UnauthorizedEntryEvaluator implements RuleEvaluator {

    @Override
    public RuleType type() {
        return RuleType.UNAUTHORIZED_ENTRY;
    }

    @Override
    public boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        if (zone == null || !zone.isAccessControlled()) {
            return false;
        }
        if (zone.contractId() != null && ctx.holdsContract(zone.contractId())) {
            return false;
        }
        return !zone.authorizedAuvs().contains(ctx.auvId());
    }

    @Override
    public String describe(Rule rule, Zone zone, FixContext ctx) {
        String contract = zone.contractId() == null ? "" : ", contract " + zone.contractId();
        return ctx.auvId() + " is inside " + zone.zoneId() + " (" + zone.zoneType().wireName() + contract
                + ") without authorization, rule " + rule.ruleId();
    }
}
