package org.deepseaguard.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.rules.JudgedIn;
import org.deepseaguard.core.rules.FixContext;
import org.deepseaguard.core.rules.RuleKind;
import org.deepseaguard.core.rules.RuleTypes;

/**
 * The zone index and the rule set compiled for it, as one immutable value the engine swaps
 * atomically. Rules are grouped by where their kind says they are judged ({@link JudgedIn}), so a
 * fix pays only for the rules that can concern it:
 * <ul>
 *   <li>{@link #memberRules}: per zone id, the rules judged in member zones that cover that zone
 *       ({@code MEMBER_ZONES}, and {@code MEMBER_ZONES_IF_SCOPED} with a zone scope: e.g.
 *       {@code restricted_zone}, {@code max_dwell}, zone-scoped {@code depth_limit}), each with
 *       its precomputed episode key; a fix outside every zone never looks at them;</li>
 *   <li>{@link #global}: rules judged once per fix without a zone ({@code ANYWHERE}, and the
 *       {@code *_IF_SCOPED} ones without a zone scope: e.g. {@code telemetry_gap}, unscoped
 *       {@code depth_limit} and {@code speed_limit});</li>
 *   <li>{@link #scopedSpeed}: {@code FIRST_MEMBER_ZONE_IF_SCOPED} rules with a zone scope
 *       (zone-scoped {@code speed_limit}), judged in the first member zone in scope;</li>
 *   <li>{@link #proximity}: {@code NEAR_ZONES} rules, judged against the zones the index finds
 *       near the fix;</li>
 *   <li>{@link #restricted}: the rules whose kind {@link RuleKind#infersCrossings() infers
 *       crossings} between fixes ({@code restricted_zone});</li>
 *   <li>{@link #gaps}: the rules whose kind has a {@link RuleKind#silenceLimitSeconds watchdog}
 *       ({@code telemetry_gap});</li>
 *   <li>{@link #restrictedZones} / {@link #proximityZones}: the zones in scope of some rule of
 *       {@link #restricted} / {@link #proximity}, which gate the index's expensive
 *       {@code crossedBy} / {@code near} queries ({@link ScopedZones}).</li>
 * </ul>
 * The kind and the typed parameters of each rule are taken here, once, so judging a fix looks
 * nothing up.
 * Disabled rules are left out. Arrays are in rule id order and never mutated after construction.
 * Immutable and thread-safe.
 */
final class Snapshot {

    /**
     * A rule ready to judge: its kind, its parameters as the kind's record and the episode key of
     * the (rule, zone) it is judged in.
     */
    record Compiled<P extends Record>(Rule rule, RuleKind<P> kind, P parameters, String key) {

        static <P extends Record> Compiled<P> of(Rule rule, RuleKind<P> kind, String key) {
            return new Compiled<>(rule, kind, kind.parametersOf(rule), key);
        }

        /** The same rule judged under another episode key (in one zone). */
        Compiled<P> withKey(String otherKey) {
            return new Compiled<>(rule, kind, parameters, otherKey);
        }

        boolean breaches(Zone zone, FixContext ctx) {
            return kind.breaches(parameters, zone, ctx);
        }

        String describe(Zone zone, FixContext ctx) {
            return kind.describe(rule, parameters, zone, ctx);
        }

        double reachMetres() {
            return kind.reachMetres(parameters);
        }

        long silenceLimitSeconds() {
            return kind.silenceLimitSeconds(parameters);
        }

        String describeSilence(String auvId, long silentSeconds) {
            return kind.describeSilence(rule, parameters, auvId, silentSeconds);
        }
    }

    private static final Compiled<?>[] NONE = new Compiled<?>[0];

    final ZoneIndex index;
    final List<Rule> rules;
    final Map<String, Compiled<?>[]> memberRules;
    final Compiled<?>[] global;
    final Compiled<?>[] scopedSpeed;
    final Compiled<?>[] proximity;
    final Compiled<?>[] restricted;
    final Compiled<?>[] gaps;
    /** Zones some {@code restricted_zone} rule covers: gate for crossings between fixes. */
    final ScopedZones restrictedZones;
    /** Zones some {@code proximity} rule covers: gate for {@code near}. */
    final ScopedZones proximityZones;

    private Snapshot(ZoneIndex index, List<Rule> rules) {
        this.index = index;
        this.rules = rules;
        List<Compiled<?>> globalList = new ArrayList<>();
        List<Compiled<?>> scopedSpeedList = new ArrayList<>();
        List<Compiled<?>> proximityList = new ArrayList<>();
        List<Compiled<?>> restrictedList = new ArrayList<>();
        List<Compiled<?>> gapList = new ArrayList<>();
        List<Compiled<?>> zoneJudged = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.enabled()) {
                continue; // never applies: not compiled, so its open episodes close at the next fix
            }
            RuleKind<?> kind = RuleTypes.of(rule.type());
            Compiled<?> zoneFree = Compiled.of(rule, kind, ComplianceEngine.episodeKey(rule.ruleId(), null));
            switch (kind.judgedIn()) {
                case MEMBER_ZONES -> zoneJudged.add(zoneFree);
                case MEMBER_ZONES_IF_SCOPED -> {
                    if (rule.hasZoneScope()) {
                        zoneJudged.add(zoneFree);
                    } else {
                        globalList.add(zoneFree);
                    }
                }
                case FIRST_MEMBER_ZONE_IF_SCOPED -> (rule.hasZoneScope() ? scopedSpeedList : globalList).add(zoneFree);
                case NEAR_ZONES -> proximityList.add(zoneFree);
                case ANYWHERE -> globalList.add(zoneFree);
            }
            if (kind.infersCrossings()) {
                restrictedList.add(zoneFree);
            }
            if (zoneFree.silenceLimitSeconds() >= 0) {
                gapList.add(zoneFree);
            }
        }
        Map<String, Compiled<?>[]> perZone = new HashMap<>();
        List<Zone> restrictedScope = new ArrayList<>();
        List<Zone> proximityScope = new ArrayList<>();
        List<Compiled<?>> zoneRules = new ArrayList<>();
        for (Zone zone : index.zones()) {
            if (covers(restrictedList, zone)) {
                restrictedScope.add(zone);
            }
            if (covers(proximityList, zone)) {
                proximityScope.add(zone);
            }
            if (!zoneJudged.isEmpty()) {
                zoneRules.clear();
                for (Compiled<?> c : zoneJudged) {
                    if (c.rule().coversZone(zone)) {
                        zoneRules.add(c.withKey(ComplianceEngine.episodeKey(c.rule().ruleId(), zone.zoneId())));
                    }
                }
                if (!zoneRules.isEmpty()) {
                    perZone.put(zone.zoneId(), zoneRules.toArray(NONE));
                }
            }
        }
        this.memberRules = perZone;
        this.restrictedZones = new ScopedZones(restrictedScope);
        this.proximityZones = new ScopedZones(proximityScope);
        this.global = globalList.toArray(NONE);
        this.scopedSpeed = scopedSpeedList.toArray(NONE);
        this.proximity = proximityList.toArray(NONE);
        this.restricted = restrictedList.toArray(NONE);
        this.gaps = gapList.toArray(NONE);
    }

    /**
     * Compiles {@code rules} against {@code index}.
     *
     * @throws InvalidInputException when a rule is invalid ({@link Rule#validate}) or a rule id repeats
     */
    static Snapshot of(ZoneIndex index, java.util.Collection<Rule> rules) {
        List<FieldError> errors = new ArrayList<>();
        HashSet<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.ruleId())) {
                errors.add(new FieldError("rule_id", "duplicate rule_id '" + rule.ruleId() + "'"));
            }
            for (FieldError problem : rule.validate()) {
                errors.add(new FieldError(problem.field(), "rule " + rule.ruleId() + ": " + problem.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::ruleId));
        return new Snapshot(index, List.copyOf(sorted));
    }

    private static boolean covers(List<Compiled<?>> compiled, Zone zone) {
        for (Compiled<?> c : compiled) {
            if (c.rule().coversZone(zone)) {
                return true;
            }
        }
        return false;
    }

    /** This rule set compiled against another zone index. */
    Snapshot withIndex(ZoneIndex newIndex) {
        return new Snapshot(newIndex, rules);
    }
}
