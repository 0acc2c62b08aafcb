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
import org.deepseaguard.core.rules.RuleEvaluator;
import org.deepseaguard.core.rules.RuleEvaluators;

/**
 * The zone index and the rule set compiled for it, as one immutable value the engine swaps
 * atomically. Rules are grouped by how they are judged, so a fix pays only for the rules that can
 * concern it:
 * <ul>
 *   <li>{@link #memberRules}: per zone id, the zone-judged rules covering that zone
 *       ({@code restricted_zone}, {@code unauthorized_entry}, {@code max_dwell}, zone-scoped
 *       {@code depth_limit}), each with its precomputed episode key; a fix outside every zone
 *       never looks at them;</li>
 *   <li>{@link #global}: rules judged once per fix without a zone (unscoped {@code depth_limit}
 *       and {@code speed_limit}, {@code telemetry_gap});</li>
 *   <li>{@link #scopedSpeed}: zone-scoped {@code speed_limit}, judged in the first member zone in
 *       scope;</li>
 *   <li>{@link #proximity}: judged against the zones the index finds near the fix;</li>
 *   <li>{@link #restricted}: every {@code restricted_zone} rule, for crossings between fixes;</li>
 *   <li>{@link #gaps}: every {@code telemetry_gap} rule, for the watchdog;</li>
 *   <li>{@link #restrictedZones} / {@link #proximityZones}: the zones in scope of some
 *       {@code restricted_zone} / {@code proximity} rule, which gate the index's expensive
 *       {@code crossedBy} / {@code near} queries ({@link ScopedZones}).</li>
 * </ul>
 * Disabled rules are left out. Arrays are in rule id order and never mutated after construction.
 * Immutable and thread-safe.
 */
final class Snapshot {

    /** A rule ready to judge: its evaluator and the episode key of the (rule, zone) it is judged in. */
    record Compiled(Rule rule, RuleEvaluator evaluator, String key) {
    }

    private static final Compiled[] NONE = new Compiled[0];

    final ZoneIndex index;
    final List<Rule> rules;
    final Map<String, Compiled[]> memberRules;
    final Compiled[] global;
    final Compiled[] scopedSpeed;
    final Compiled[] proximity;
    final Compiled[] restricted;
    final Compiled[] gaps;
    /** Zones some {@code restricted_zone} rule covers: gate for crossings between fixes. */
    final ScopedZones restrictedZones;
    /** Zones some {@code proximity} rule covers: gate for {@code near}. */
    final ScopedZones proximityZones;

    private Snapshot(ZoneIndex index, List<Rule> rules) {
        this.index = index;
        this.rules = rules;
        List<Compiled> globalList = new ArrayList<>();
        List<Compiled> scopedSpeedList = new ArrayList<>();
        List<Compiled> proximityList = new ArrayList<>();
        List<Compiled> restrictedList = new ArrayList<>();
        List<Compiled> gapList = new ArrayList<>();
        List<Rule> zoneJudged = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.enabled()) {
                continue; // never applies: not compiled, so its open episodes close at the next fix
            }
            Compiled zoneFree = new Compiled(rule, RuleEvaluators.forType(rule.type()),
                    ComplianceEngine.episodeKey(rule.ruleId(), null));
            switch (rule.type()) {
                case RESTRICTED_ZONE -> {
                    zoneJudged.add(rule);
                    restrictedList.add(zoneFree);
                }
                case UNAUTHORIZED_ENTRY, MAX_DWELL -> zoneJudged.add(rule);
                case DEPTH_LIMIT -> {
                    if (rule.hasZoneScope()) {
                        zoneJudged.add(rule);
                    } else {
                        globalList.add(zoneFree);
                    }
                }
                case SPEED_LIMIT -> (rule.hasZoneScope() ? scopedSpeedList : globalList).add(zoneFree);
                case PROXIMITY -> proximityList.add(zoneFree);
                case TELEMETRY_GAP -> {
                    globalList.add(zoneFree);
                    gapList.add(zoneFree);
                }
                default -> throw new IllegalStateException("unhandled rule type " + rule.type());
            }
        }
        Map<String, Compiled[]> perZone = new HashMap<>();
        List<Zone> restrictedScope = new ArrayList<>();
        List<Zone> proximityScope = new ArrayList<>();
        List<Compiled> zoneRules = new ArrayList<>();
        for (Zone zone : index.zones()) {
            if (covers(restrictedList, zone)) {
                restrictedScope.add(zone);
            }
            if (covers(proximityList, zone)) {
                proximityScope.add(zone);
            }
            if (!zoneJudged.isEmpty()) {
                zoneRules.clear();
                for (Rule rule : zoneJudged) {
                    if (rule.coversZone(zone)) {
                        zoneRules.add(new Compiled(rule, RuleEvaluators.forType(rule.type()),
                                ComplianceEngine.episodeKey(rule.ruleId(), zone.zoneId())));
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
            for (String problem : rule.validate()) {
                int colon = problem.indexOf(':');
                String field = colon > 0 ? problem.substring(0, colon) : "rule";
                String reason = colon > 0 ? problem.substring(colon + 1).trim() : problem;
                errors.add(new FieldError(field, "rule " + rule.ruleId() + ": " + reason));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::ruleId));
        return new Snapshot(index, List.copyOf(sorted));
    }

    private static boolean covers(List<Compiled> compiled, Zone zone) {
        for (Compiled c : compiled) {
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
