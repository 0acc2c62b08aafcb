package org.deepseaguard.core.rules;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Zone;

/**
 * One rule type of the catalogue, whole: its parameters (the record {@code P}), how they are read,
 * checked and written, and how a fix is judged against them. Adding a type is one subclass and one
 * line in {@link RuleTypes}.
 *
 * <p>The engine compiles each rule once per rule or zone change (it takes the rule's {@code P}
 * then) and per fix calls {@link #breaches(Record, Zone, FixContext)} with the zones
 * {@link #judgedIn()} names, after checking {@link Rule#appliesTo} and {@link Rule#coversZone}
 * itself. {@link #describe(Rule, Record, Zone, FixContext)} is called only when an episode opens.
 * The optional capabilities further down (near-zone reach, inferred crossings, registration,
 * silence watchdog) are off unless a type overrides them.
 *
 * <p>Units: metres (depth positive down, geodesic distances on WGS 84), seconds of event time,
 * metres per second. Every limit is compliant at its value: a breach is strictly past it.
 *
 * <p>Implementations are stateless, immutable and thread-safe, and allocate nothing in
 * {@link #breaches(Record, Zone, FixContext)}.
 *
 * @param <P> the record of this type's parameters ({@link NoParameters} for none); its fields may
 *            be {@code null} until {@link #validate} has passed
 */
public abstract class RuleKind<P extends Record> {

    private final RuleType type;
    private final Class<P> parametersType;
    private final JudgedIn judgedIn;

    /**
     * @param wireName       the type's JSON name, e.g. {@code min_depth}
     * @param parametersType the class of its parameter record
     * @param judgedIn       which zones the engine judges its rules in
     */
    protected RuleKind(String wireName, Class<P> parametersType, JudgedIn judgedIn) {
        this.type = RuleType.named(wireName);
        this.parametersType = parametersType;
        this.judgedIn = judgedIn;
    }

    public final RuleType type() {
        return type;
    }

    public final Class<P> parametersType() {
        return parametersType;
    }

    public final JudgedIn judgedIn() {
        return judgedIn;
    }

    /**
     * True when one fix alone decides (no previous fix, entry time or distance needed): only such
     * rules judge late fixes. Honoured for {@link JudgedIn#MEMBER_ZONES},
     * {@link JudgedIn#MEMBER_ZONES_IF_SCOPED} and {@link JudgedIn#ANYWHERE}. Default false.
     */
    public boolean isStateless() {
        return false;
    }

    /**
     * Reads this type's parameters; fields of the wrong kind are the reader's to report, and
     * presence and ranges are {@link #validate}'s.
     */
    public abstract P read(ParameterReader in);

    /**
     * Checks parameters as read.
     *
     * @return one error per problem, named by the snake_case JSON field; empty when valid
     */
    public abstract List<FieldError> validate(P parameters);

    /** Writes every parameter field of this type, null ones too, in a fixed order. */
    public abstract void write(P parameters, ParameterWriter out);

    /**
     * True when the fix of {@code ctx} breaches a rule with {@code parameters} in {@code zone}.
     *
     * @param parameters valid parameters of the rule
     * @param zone       the zone the rule is judged in ({@link #judgedIn()}), or {@code null} for a
     *                   zone-free judgement
     * @param ctx        the fix and what the engine knows around it
     */
    public abstract boolean breaches(P parameters, Zone zone, FixContext ctx);

    /**
     * A short human sentence for a breach found by {@link #breaches(Record, Zone, FixContext)}
     * with the same arguments, e.g. {@code "AUV-001 is inside APEI-07 (apei), restricted by rule
     * R-APEI"}. Called only when a violation is created, never on the hot path.
     */
    public abstract String describe(Rule rule, P parameters, Zone zone, FixContext ctx);

    // ------------------------------------------------------------ optional capabilities

    /**
     * For {@link JudgedIn#NEAR_ZONES}: the distance in metres within which zones are measured; the
     * rule breaches exactly when a zone's boundary is strictly nearer. NaN (default) otherwise.
     */
    public double reachMetres(P parameters) {
        return Double.NaN;
    }

    /**
     * True when a zone of the rule's scope crossed between two applied fixes outside it (the
     * geodesic between them crossing it) is itself a breach: a closed one-fix violation marked
     * {@code inferred}. Only for {@link JudgedIn#MEMBER_ZONES}. Default false.
     */
    public boolean infersCrossings() {
        return false;
    }

    /** The sentence of an inferred crossing (see {@link #infersCrossings()}). */
    public String describeCrossing(Rule rule, Zone zone, String auvId, Instant from, Instant to) {
        throw new UnsupportedOperationException(type.wireName() + " infers no crossings");
    }

    /**
     * True when the vehicle's registration decides the answer, so the violation records the
     * registration's version. Default false.
     */
    public boolean judgesRegistration() {
        return false;
    }

    /**
     * For the wall-clock watchdog ({@code ComplianceEngine.checkSilence}): the seconds without an
     * arriving fix after which an episode opens (strictly more); negative (default) when the type
     * has no watchdog.
     */
    public long silenceLimitSeconds(P parameters) {
        return -1;
    }

    /** The sentence of a watchdog episode (see {@link #silenceLimitSeconds}). */
    public String describeSilence(Rule rule, P parameters, String auvId, long silentSeconds) {
        throw new UnsupportedOperationException(type.wireName() + " has no watchdog");
    }

    // ------------------------------------------------------------ for callers holding a Rule

    /**
     * The rule's parameters as this type's record.
     *
     * @throws IllegalArgumentException when the rule is of another type
     */
    public final P parametersOf(Rule rule) {
        if (!rule.type().equals(type)) {
            throw new IllegalArgumentException("rule " + rule.ruleId() + " is a " + rule.type().wireName()
                    + " rule, not " + type.wireName());
        }
        return parametersType.cast(rule.parameters());
    }

    /** {@link #validate} of the rule's parameters. */
    public final List<FieldError> validateParametersOf(Rule rule) {
        return validate(parametersOf(rule));
    }

    /** {@link #write} of the rule's parameters. */
    public final void writeParametersOf(Rule rule, ParameterWriter out) {
        write(parametersOf(rule), out);
    }

    /** {@link #breaches(Record, Zone, FixContext)} with the rule's parameters (a cast per call: not for the engine's loop). */
    public final boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        return breaches(parametersOf(rule), zone, ctx);
    }

    /** {@link #describe(Rule, Record, Zone, FixContext)} with the rule's parameters. */
    public final String describe(Rule rule, Zone zone, FixContext ctx) {
        return describe(rule, parametersOf(rule), zone, ctx);
    }

    @Override
    public String toString() {
        return type.wireName();
    }
}
