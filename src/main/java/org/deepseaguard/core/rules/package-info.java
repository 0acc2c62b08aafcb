/**
 * The rule catalogue (DESIGN section 5): one {@link org.deepseaguard.core.rules.RuleEvaluator} per
 * {@link org.deepseaguard.core.model.RuleType}, each answering one question, "does this fix breach
 * this rule (in this zone)?", and phrasing the human sentence of a violation.
 *
 * <p>Evaluators are stateless singletons (see {@link org.deepseaguard.core.rules.RuleEvaluators});
 * the per-vehicle memory they need (previous fix, zone entry times, distances found by the zone
 * index) comes in a {@link org.deepseaguard.core.rules.FixContext} built by the engine for one fix.
 * Which zones a rule is judged in, episodes, late and inferred violations are the engine's business
 * ({@link org.deepseaguard.core.engine.ComplianceEngine}).
 *
 * <p>Units: metres (depth positive down, geodesic distances on WGS 84), seconds of event time,
 * metres per second. Every limit is compliant at its value: a breach is strictly past the limit.
 */
package org.deepseaguard.core.rules;
