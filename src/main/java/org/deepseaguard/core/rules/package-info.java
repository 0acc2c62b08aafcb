/**
 * The rule catalogue (DESIGN section 5): one {@link org.deepseaguard.core.rules.RuleKind} per rule
 * type, owning its parameter record, how the parameters are read ({@link
 * org.deepseaguard.core.rules.ParameterReader}), checked (field errors) and written, and how a fix
 * is judged: "does this fix breach this rule (in this zone)?", and the human sentence of a
 * violation. {@link org.deepseaguard.core.rules.RuleTypes} registers them, one line each.
 *
 * <p>Kinds are stateless singletons; the per-vehicle memory they need (previous fix, zone entry
 * times, distances found by the zone index) comes in a {@link org.deepseaguard.core.rules.FixContext}
 * built by the engine for one fix. Which zones a rule is judged in is declared by the kind
 * ({@link org.deepseaguard.core.rules.JudgedIn}) and done by the engine, as are episodes, late and
 * inferred violations ({@link org.deepseaguard.core.engine.ComplianceEngine}).
 *
 * <p>Units: metres (depth positive down, geodesic distances on WGS 84), seconds of event time,
 * metres per second. Every limit is compliant at its value: a breach is strictly past the limit.
 */
package org.deepseaguard.core.rules;
