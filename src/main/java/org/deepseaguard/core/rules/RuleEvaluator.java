package org.deepseaguard.core.rules;

import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * Judges one rule type against one fix.
 *
 * <p>The engine calls {@link #breaches} once per (rule, zone) pair it has selected: for the zone
 * based types ({@code restricted_zone}, {@code unauthorized_entry}, {@code max_dwell}, zone-scoped
 * {@code depth_limit}) with each zone the fix is a member of and the rule covers; for
 * {@code proximity} with each zone found near the fix; for zone-free judgements with
 * {@code zone == null}. The evaluator does not check {@link Rule#appliesTo} or
 * {@link Rule#coversZone}: the caller has.
 *
 * <p>Limits are compliant at their value (a fix exactly at a limit does not breach).
 * Implementations are stateless, immutable and thread-safe; they allocate nothing in
 * {@link #breaches}.
 */
public interface RuleEvaluator {

    /** The rule type this evaluator judges. */
    RuleType type();

    /**
     * True when the fix of {@code ctx} breaches {@code rule}.
     *
     * @param rule a valid rule of {@link #type()} that applies to the fix
     * @param zone the zone the rule is judged in, or {@code null} for a zone-free judgement
     * @param ctx  the fix and what the engine knows around it
     */
    boolean breaches(Rule rule, Zone zone, FixContext ctx);

    /**
     * A short human sentence for a breach found by {@link #breaches} with the same arguments,
     * e.g. {@code "AUV-001 is inside APEI-07 (apei), restricted by rule R-APEI"}. Called only when
     * a violation is created, never on the hot path.
     */
    String describe(Rule rule, Zone zone, FixContext ctx);
}
