package org.deepseaguard.core.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.engine.Snapshot.Compiled;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.geo.ZoneIndex.ZoneCrossing;
import org.deepseaguard.core.geo.ZoneIndex.ZoneDistance;
import org.deepseaguard.core.geo.ZoneIndex.ZoneWithin;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.core.rules.Durations;
import org.deepseaguard.core.rules.FixContext;
import org.deepseaguard.core.rules.JudgedIn;
import org.deepseaguard.core.rules.RuleTypes;

/**
 * Judges fixes: zone lookup, the per-vehicle state machine in event time, and every rule of the
 * catalogue, giving zone events and violation episodes (DESIGN section 5).
 *
 * <p>Per fix, in event time (the fix's timestamp; the wall clock only feeds
 * {@link VehicleState#lastArrival} and {@link #checkSilence}):
 * <ol>
 *   <li>a fix whose timestamp equals the last applied fix's is a {@link Outcome#DUPLICATE}:
 *       state unchanged, nothing reported. Older duplicates are the caller's to recognise (the hub
 *       keeps a durable log of every fix it took and never passes one in twice);</li>
 *   <li>any other older fix is {@link Outcome#LATE}: judged by the rules of stateless kinds only
 *       ({@link org.deepseaguard.core.rules.RuleKind#isStateless}: {@code restricted_zone},
 *       {@code unauthorized_entry}, {@code depth_limit}, {@code min_depth}), each breach a
 *       closed one-fix violation marked {@code late}, in {@link Evaluation#opened}; state unchanged;</li>
 *   <li>otherwise {@link Outcome#APPLIED}: the fix is a member of a zone when the footprint covers it
 *       (boundary inside), its depth (metres, positive down) is in the zone's band (inclusive) and
 *       its timestamp in the zone's validity period ([from, to)). Membership is diffed with the
 *       previous one into {@code zone_exit} then {@code zone_entry} events, each by zone id; so a
 *       zone opening/closing, a depth change through a band or a zone removed from the set gives
 *       its event at the first fix after the change. Entry time is the first fix inside.
 *       Every applicable rule ({@link Rule#appliesTo}) is judged in the zones it covers
 *       ({@link Rule#coversZone}); a breach opens an episode or continues the open one with the
 *       same key ({@link #episodeKey}); an open episode not breached by this fix closes at its
 *       timestamp (also when its rule or zone is gone). A {@code restricted_zone} zone crossed
 *       between two fixes outside it gives a closed one-fix violation marked {@code inferred}.</li>
 * </ol>
 *
 * <p><b>Exit hysteresis</b> ({@link ExitHysteresis}, per zone type, given at construction; none
 * by default, and then everything above is exact). Entry is unchanged. When an applied fix is not
 * a member of a zone the vehicle is in, and the zone's type has hysteresis, the zone is still in
 * the index and valid at the fix's time, the exit is <em>pending</em> ({@link PendingExit}, kept
 * in {@link VehicleState#pendingExits}): the vehicle stays in the zone (entry time kept, no
 * {@code zone_exit}), and the episodes judged in that zone (every zone-keyed episode but
 * {@code proximity}) stay open untouched: not continued, not closed, since the fix is outside.
 * Rules are not judged in that zone while the exit is pending. Then, per applied fix:
 * <ul>
 *   <li>a member again: the pending exit is cancelled; no event; the zone's rules judge this fix
 *       with the old entry time (dwell counted throughout), continuing its episodes;</li>
 *   <li>outside and more than {@code exit_metres} from the zone, or the {@code exit_fixes}-th
 *       consecutive applied fix outside (the first one included), or the zone gone from the
 *       index, not valid at the fix's time or of a type without hysteresis now: the exit is
 *       confirmed. The {@code zone_exit} is dated and placed at the FIRST fix outside of the
 *       run, and the zone's open episodes close with {@code ended_at} = that time, exactly as
 *       without hysteresis; it is reported in this fix's evaluation;</li>
 *   <li>otherwise outside: still pending, one more fix counted.</li>
 * </ul>
 * Outside at both fixes, but the geodesic between them crosses the zone (depth band meeting their
 * depths, as for inferred crossings): the vehicle was back inside, so the run outside starts anew
 * at this fix (counted 1, an exit confirmed now dated here) and no crossing is inferred for that
 * zone. No crossing is inferred for a zone whose exit stays pending either (the vehicle counts as
 * inside); when hysteresis no longer applies to the zone (its type changed), the exit is
 * confirmed and a crossing since the last fix is inferred as without hysteresis. Late fixes do
 * not count, cancel or confirm (state unchanged; their stateless breaches are judged against the
 * exact membership); duplicates are dropped before. {@code proximity} ignores hysteresis.
 * A continued episode keeps its id, {@code startedAt}, severity, message and the zone, rule and
 * registration versions it was opened by (DESIGN section 7: a violation records the versions it
 * was judged by, and it was judged when it opened; a closed episode says the same as the open one);
 * its {@code lastSeenAt} and position move to this fix. Violation and event ids
 * are name-based UUIDs of their identifying fields, so judging the same fixes again gives the same
 * ids. Lists in an {@link Evaluation} are ordered by rule id, then zone id.
 *
 * <p>The engine holds only the current zone index and rule set, compiled together into one
 * immutable snapshot that {@link #updateZones} / {@link #updateRules} rebuild and swap in
 * atomically; an evaluation reads the snapshot once and never blocks on a swap. Vehicle state is
 * passed in and handed back, never kept here. Thread-safe: concurrent calls for different vehicles
 * are fine; calls for one vehicle must be serialised by the caller (per-vehicle ordering).
 */
public final class ComplianceEngine {

    private static final Comparator<Violation> BY_KEY = Comparator
            .comparing(Violation::ruleId)
            .thenComparing(Violation::zoneId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Violation::inferred);

    private volatile Snapshot snapshot;
    private final Map<ZoneType, ExitHysteresis> hysteresis;

    /**
     * Builds the zone index and compiles the rules; no exit hysteresis (exact results).
     *
     * @throws InvalidInputException when a rule is invalid or a rule id repeats
     */
    public ComplianceEngine(Collection<Zone> zones, Collection<Rule> rules) {
        this(zones, rules, Map.of());
    }

    /**
     * Builds the zone index and compiles the rules, with exit hysteresis for the zone types of
     * {@code hysteresis} (the others, and every type when it is empty, exit exactly).
     *
     * @throws InvalidInputException when a rule is invalid or a rule id repeats
     */
    public ComplianceEngine(Collection<Zone> zones, Collection<Rule> rules, Map<ZoneType, ExitHysteresis> hysteresis) {
        this.hysteresis = hysteresis.isEmpty() ? Map.of() : new EnumMap<>(hysteresis);
        this.snapshot = Snapshot.of(ZoneIndex.of(zones), rules);
    }

    /** Replaces the zone set (builds a new index and recompiles the rules for it, then swaps it in). */
    public synchronized void updateZones(Collection<Zone> zones) {
        Snapshot next = snapshot.withIndex(ZoneIndex.of(zones));
        snapshot = next;
    }

    /**
     * Replaces the rule set.
     *
     * @throws InvalidInputException when a rule is invalid or a rule id repeats (the old set stays)
     */
    public synchronized void updateRules(Collection<Rule> rules) {
        Snapshot next = Snapshot.of(snapshot.index, rules);
        snapshot = next;
    }

    /** The zone index in use now. */
    public ZoneIndex zoneIndex() {
        return snapshot.index;
    }

    /** The rule set in use now, in rule id order. */
    public List<Rule> rules() {
        return snapshot.rules;
    }

    /** The exit hysteresis by zone type, fixed at construction; empty when off. */
    public Map<ZoneType, ExitHysteresis> hysteresis() {
        return Collections.unmodifiableMap(hysteresis);
    }

    /**
     * Judges one fix.
     *
     * @param state     the vehicle's state, {@link VehicleState#initial} for a new vehicle
     * @param fix       a validated fix of that vehicle
     * @param vehicle   its registration, or {@code null} when unregistered (holds no contracts)
     * @param arrivedAt wall-clock arrival time, kept for the telemetry-gap watchdog only
     *                  ({@code null} keeps the previous one)
     */
    public Evaluation evaluate(VehicleState state, Telemetry fix, Vehicle vehicle, Instant arrivedAt) {
        Snapshot s = snapshot;
        Telemetry last = state.lastFix();
        Instant t = fix.timestamp();
        if (last != null) {
            int order = t.compareTo(last.timestamp());
            if (order == 0) {
                return new Evaluation(state, Outcome.DUPLICATE, List.of(), List.of(), List.of(), List.of());
            }
            if (order < 0) {
                return judgeLate(s, state, fix, vehicle);
            }
        }
        return apply(s, state, fix, vehicle, arrivedAt);
    }

    private Evaluation apply(Snapshot s, VehicleState state, Telemetry fix, Vehicle vehicle, Instant arrivedAt) {
        String auvId = fix.auvId();
        Instant t = fix.timestamp();
        Telemetry last = state.lastFix();
        List<Zone> covering = s.index.covering(fix.longitude(), fix.latitude());
        List<Zone> members = members(covering, fix);

        // membership -> entries map, pending exits and zone events
        Map<String, Instant> oldEntries = state.zoneEntries();
        Map<String, PendingExit> oldPending = state.pendingExits();
        Map<String, Instant> entries = oldEntries;
        // the pending exits after this fix: a zone that is a member again has none (cancelled, it never left)
        Map<String, PendingExit> pending = Map.of();
        Map<String, Instant> exitedBefore = Map.of(); // zone id -> exit time, for exits dated before this fix
        List<String> backBetween = List.of(); // zones with a pending exit the vehicle was back in since the last fix
        List<ZoneEvent> events = List.of();
        if (!sameZones(oldEntries, members)) {
            entries = new HashMap<>(members.size() * 2);
            events = new ArrayList<>();
            List<String> exits = new ArrayList<>();
            for (String zoneId : oldEntries.keySet()) {
                if (!containsZone(members, zoneId)) {
                    exits.add(zoneId);
                }
            }
            exits.sort(null);
            for (String zoneId : exits) {
                PendingExit before = oldPending.get(zoneId);
                Zone zone = hysteresis.isEmpty() ? null : s.index.get(zoneId).orElse(null);
                ExitHysteresis h = zone == null || !zone.isValidAt(t) ? null : hysteresis.get(zone.zoneType());
                if (h != null && before != null && inZoneBetween(s, zone, last, fix, covering)) {
                    before = null; // back inside between the two fixes: the run outside starts at this fix
                    backBetween = appended(backBetween, zoneId);
                }
                PendingExit kept = h == null ? null : before == null ? PendingExit.startedBy(fix) : before.oneMore();
                if (kept != null && (h.confirmedBy(kept.fixesOutside())
                        || h.exitMetres() != null && fartherThan(s, zone, covering, fix, h.exitMetres()))) {
                    kept = null;
                }
                if (kept != null) {
                    entries.put(zoneId, oldEntries.get(zoneId));
                    pending = pending.isEmpty() ? new HashMap<>(4) : pending;
                    pending.put(zoneId, kept);
                } else if (before != null) {
                    events.add(exitEvent(zoneId, auvId, before));
                    exitedBefore = exitedBefore.isEmpty() ? new HashMap<>(4) : exitedBefore;
                    exitedBefore.put(zoneId, before.outsideSince());
                } else {
                    events.add(event(ZoneEvent.Type.ZONE_EXIT, zoneId, fix));
                }
            }
            for (Zone zone : members) {
                Instant entered = oldEntries.get(zone.zoneId());
                if (entered == null) {
                    entered = t;
                    events.add(event(ZoneEvent.Type.ZONE_ENTRY, zone.zoneId(), fix));
                }
                entries.put(zone.zoneId(), entered);
            }
            entries = Map.copyOf(entries);
            pending = Map.copyOf(pending);
        }

        // rules -> breaches
        FixContext ctx = new FixContext(fix, last, vehicle, entries);
        Breaches breaches = collectBreaches(s, ctx, covering, members, state.openViolations(), false);

        // breaches -> episodes (the lists and the map are made only when something is in them)
        Map<String, Violation> open = state.openViolations();
        Map<String, Violation> nextOpen = open;
        List<Violation> opened = List.of();
        List<Violation> continued = List.of();
        List<Violation> closed = List.of();
        if (breaches.size > 0 || !open.isEmpty()) {
            Violation[] now = new Violation[breaches.size];
            for (int i = 0; i < breaches.size; i++) {
                Compiled<?> c = breaches.rules[i];
                Violation episode = open.get(breaches.keys[i]);
                if (episode == null) {
                    now[i] = newViolation(c, breaches.zones[i], ctx, Status.OPEN, t, null, false, false);
                    opened = appended(opened, now[i]);
                } else {
                    now[i] = continueEpisode(episode, fix);
                    continued = appended(continued, now[i]);
                }
            }
            List<Violation> held = List.of();
            for (Map.Entry<String, Violation> e : open.entrySet()) {
                if (!breaches.hasKey(e.getKey())) {
                    Violation v = e.getValue();
                    if (v.zoneId() != null && pending.containsKey(v.zoneId()) && judgedAsMember(v) && stillJudged(s, v)) {
                        held = appended(held, v); // open, untouched, until the exit is confirmed or cancelled
                    } else {
                        Instant exited = v.zoneId() != null && exitedBefore.containsKey(v.zoneId()) && judgedAsMember(v)
                                ? exitedBefore.get(v.zoneId()) : null;
                        closed = appended(closed, close(v, exited == null ? t : exited));
                    }
                }
            }
            nextOpen = openMap(breaches.keys, now, breaches.size);
            if (!held.isEmpty()) {
                Map<String, Violation> m = new HashMap<>(nextOpen);
                for (Violation v : held) {
                    m.put(episodeKey(v.ruleId(), v.zoneId()), v);
                }
                nextOpen = Map.copyOf(m);
            }
        }

        // crossings between sparse fixes: a zone with a pending exit was not a member at the last fix, but
        // one the vehicle was back in since is not crossed again (the pending exit started anew instead)
        if (last != null && s.restricted.length > 0 && anyApplies(s.restricted, auvId, t)) {
            Map<String, Instant> membersBefore = oldPending.isEmpty() ? oldEntries
                    : without(oldEntries, oldPending, backBetween);
            List<Violation> inferred = s.restrictedZones.mayBeCrossed(last.longitude(), last.latitude(),
                    fix.longitude(), fix.latitude(), membersBefore, entries, covering)
                    ? inferCrossings(s, membersBefore, last, fix, entries, nextOpen) : List.of();
            if (!inferred.isEmpty()) {
                opened = new ArrayList<>(opened);
                opened.addAll(inferred);
            }
        }

        sortByKey(opened);
        sortByKey(continued);
        sortByKey(closed);
        VehicleState next = new VehicleState(auvId, fix, entries, nextOpen,
                arrivedAt == null ? state.lastArrival() : arrivedAt, pending);
        return new Evaluation(next, Outcome.APPLIED, events, opened, continued, closed);
    }

    private Evaluation judgeLate(Snapshot s, VehicleState state, Telemetry fix, Vehicle vehicle) {
        List<Zone> covering = s.index.covering(fix.longitude(), fix.latitude());
        FixContext ctx = new FixContext(fix, null, vehicle, Map.of());
        Breaches breaches = collectBreaches(s, ctx, covering, members(covering, fix), Map.of(), true);
        List<Violation> late = new ArrayList<>(breaches.size);
        Instant t = fix.timestamp();
        for (int i = 0; i < breaches.size; i++) {
            late.add(newViolation(breaches.rules[i], breaches.zones[i], ctx, Status.CLOSED, t, t, true, false));
        }
        sortByKey(late);
        return new Evaluation(state, Outcome.LATE, List.of(), late, List.of(), List.of());
    }

    /**
     * Every breach of the fix of {@code ctx}: zone-judged rules in each member zone, zone-free
     * rules, zone-scoped speed limits, proximity. {@code statelessOnly} (late fixes) keeps the
     * stateless types only, which never include speed or proximity. {@code open}: the vehicle's
     * open episodes.
     */
    private static Breaches collectBreaches(Snapshot s, FixContext ctx, List<Zone> covering, List<Zone> members,
                                            Map<String, Violation> open, boolean statelessOnly) {
        Breaches breaches = new Breaches();
        for (int i = 0, n = members.size(); i < n; i++) {
            Zone zone = members.get(i);
            Compiled<?>[] compiled = s.memberRules.get(zone.zoneId());
            if (compiled != null) {
                judge(compiled, zone, ctx, breaches, statelessOnly);
            }
        }
        judge(s.global, null, ctx, breaches, statelessOnly);
        if (statelessOnly) {
            return breaches;
        }
        if (!members.isEmpty()) {
            String auvId = ctx.auvId();
            Instant t = ctx.fix().timestamp();
            for (Compiled<?> c : s.scopedSpeed) {
                if (c.rule().appliesTo(auvId, t)) {
                    Zone zone = firstCovered(c.rule(), members);
                    if (zone != null && c.breaches(zone, ctx)) {
                        breaches.add(c, zone, episodeKey(c.rule().ruleId(), zone.zoneId()));
                    }
                }
            }
        }
        if (s.proximity.length > 0) {
            judgeProximity(s, ctx, covering, open, breaches);
        }
        return breaches;
    }

    /**
     * The telemetry-gap watchdog: opens a {@code telemetry_gap} episode for every applicable rule
     * ({@link Rule#appliesTo} at {@code now}) whose {@code max_gap_seconds} has been strictly
     * exceeded between {@code state.lastArrival()} and {@code now} (wall clock), unless one is open
     * already. The episode starts at the last applied fix ({@code startedAt = lastSeenAt =} its
     * timestamp, its position); the next applied fix continues or closes it like any episode.
     * Returns an APPLIED evaluation with only {@code opened} filled (possibly empty) and the state
     * holding the new episodes; a vehicle that never had a fix applied is left alone.
     * {@code vehicle} is not needed by the current rules (kept for the public signature).
     */
    public Evaluation checkSilence(VehicleState state, Vehicle vehicle, Instant now) {
        Snapshot s = snapshot;
        Telemetry last = state.lastFix();
        if (last == null || state.lastArrival() == null || s.gaps.length == 0) {
            return new Evaluation(state, Outcome.APPLIED, List.of(), List.of(), List.of(), List.of());
        }
        List<Violation> opened = new ArrayList<>();
        for (Compiled<?> c : s.gaps) {
            Rule rule = c.rule();
            if (rule.appliesTo(state.auvId(), now)
                    && !state.openViolations().containsKey(c.key())
                    && Durations.exceeds(state.lastArrival(), now, c.silenceLimitSeconds())) {
                String message = c.describeSilence(state.auvId(),
                        now.getEpochSecond() - state.lastArrival().getEpochSecond());
                opened.add(violation(rule, null, state.auvId(), Status.OPEN, last.timestamp(), null,
                        last.timestamp(), last.latitude(), last.longitude(), last.depth(), message, false, false));
            }
        }
        if (opened.isEmpty()) {
            return new Evaluation(state, Outcome.APPLIED, List.of(), List.of(), List.of(), List.of());
        }
        Map<String, Violation> open = new HashMap<>(state.openViolations());
        for (Violation v : opened) {
            open.put(episodeKey(v.ruleId(), null), v);
        }
        VehicleState next = new VehicleState(state.auvId(), last, state.zoneEntries(), open, state.lastArrival(),
                state.pendingExits());
        return new Evaluation(next, Outcome.APPLIED, List.of(), opened, List.of(), List.of());
    }

    /** The key of an episode in {@link VehicleState#openViolations()}: rule id and zone id. */
    public static String episodeKey(String ruleId, String zoneId) {
        return zoneId == null ? ruleId : ruleId + "|" + zoneId;
    }

    /**
     * The deterministic id of a violation: the name-based UUID of
     * {@code auvId|ruleId|zoneId|startedAt|late|inferred} ({@code zoneId} "null" when absent,
     * {@code startedAt} ISO-8601).
     */
    public static String violationId(String auvId, String ruleId, String zoneId, Instant startedAt,
                                     boolean late, boolean inferred) {
        return nameUuid(auvId + "|" + ruleId + "|" + zoneId + "|" + startedAt + "|" + late + "|" + inferred);
    }

    /**
     * The deterministic id of a zone event: the name-based UUID of
     * {@code auvId|zoneId|type|timestamp} ({@code type} the wire name, e.g. {@code zone_entry}).
     */
    public static String eventId(String auvId, String zoneId, ZoneEvent.Type type, Instant timestamp) {
        return nameUuid(auvId + "|" + zoneId + "|" + type.wireName() + "|" + timestamp);
    }

    // ---------------------------------------------------------------- helpers

    /** The zones of {@code covering} whose depth band and validity period hold the fix; no copy when all do. */
    private static List<Zone> members(List<Zone> covering, Telemetry fix) {
        int n = covering.size();
        for (int i = 0; i < n; i++) {
            Zone zone = covering.get(i);
            if (!isMember(zone, fix)) {
                List<Zone> members = new ArrayList<>(n - 1);
                for (int j = 0; j < n; j++) {
                    Zone z = covering.get(j);
                    if (j < i || j > i && isMember(z, fix)) {
                        members.add(z);
                    }
                }
                return members;
            }
        }
        return covering;
    }

    private static boolean isMember(Zone zone, Telemetry fix) {
        return zone.isInDepthBand(fix.depth()) && zone.isValidAt(fix.timestamp());
    }

    private static boolean sameZones(Map<String, Instant> entries, List<Zone> members) {
        if (entries.size() != members.size()) {
            return false;
        }
        for (int i = 0, n = members.size(); i < n; i++) {
            if (!entries.containsKey(members.get(i).zoneId())) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsZone(List<Zone> zones, String zoneId) {
        for (int i = 0, n = zones.size(); i < n; i++) {
            if (zones.get(i).zoneId().equals(zoneId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the vehicle was in the zone somewhere between the two fixes, both outside it: the
     * geodesic between them crosses or touches the footprint and the zone's depth band meets
     * [shallower, deeper] of their depths (as for inferred crossings).
     */
    private static boolean inZoneBetween(Snapshot s, Zone zone, Telemetry last, Telemetry fix, List<Zone> covering) {
        if (last == null) {
            return false;
        }
        double shallow = Math.min(last.depth(), fix.depth());
        double deep = Math.max(last.depth(), fix.depth());
        if (zone.minDepth() != null && deep < zone.minDepth() || zone.maxDepth() != null && shallow > zone.maxDepth()) {
            return false;
        }
        if (last.longitude() == fix.longitude() && last.latitude() == fix.latitude()) {
            return containsZone(covering, zone.zoneId());
        }
        String zoneId = zone.zoneId();
        return !s.index.crossedBy(last.longitude(), last.latitude(), fix.longitude(), fix.latitude(),
                z -> z.zoneId().equals(zoneId)).isEmpty();
    }

    /**
     * True when the fix is strictly more than {@code metres} from the zone's volume: sqrt(h² + v²)
     * with h the geodesic distance to the footprint's boundary (0 when it covers the fix) and v the
     * vertical distance to the depth band (0 inside it).
     */
    private static boolean fartherThan(Snapshot s, Zone zone, List<Zone> covering, Telemetry fix, double metres) {
        double depth = fix.depth();
        double v = zone.minDepth() != null && depth < zone.minDepth() ? zone.minDepth() - depth
                : zone.maxDepth() != null && depth > zone.maxDepth() ? depth - zone.maxDepth() : 0;
        if (v > metres) {
            return true;
        }
        if (containsZone(covering, zone.zoneId())) {
            return false;
        }
        double reach = v == 0 ? metres : Math.sqrt(metres * metres - v * v);
        // near lists the zone when its boundary is strictly nearer than the limit: nextUp makes it "at most reach"
        String zoneId = zone.zoneId();
        return s.index.near(fix.longitude(), fix.latitude(), Math.nextUp(reach), z -> z.zoneId().equals(zoneId))
                .isEmpty();
    }

    /** {@code entries} less the keys of {@code pending} but those in {@code kept}. */
    private static Map<String, Instant> without(Map<String, Instant> entries, Map<String, PendingExit> pending,
                                                List<String> kept) {
        Map<String, Instant> m = new HashMap<>(entries);
        for (String zoneId : pending.keySet()) {
            if (!kept.contains(zoneId)) {
                m.remove(zoneId);
            }
        }
        return m;
    }

    /**
     * True for the episodes judged where the vehicle is a member of their zone (all zone-keyed ones
     * but those judged near zones, i.e. proximity). Asked only for an episode not breached by this
     * fix whose zone has a pending or confirmed-now exit.
     */
    private static boolean judgedAsMember(Violation v) {
        return v.zoneId() != null && RuleTypes.of(v.ruleType()).judgedIn() != JudgedIn.NEAR_ZONES;
    }

    /** True when the episode's rule is still compiled (not removed or disabled; a zone-judged one still covering the zone). */
    private static boolean stillJudged(Snapshot s, Violation v) {
        Compiled<?>[] compiled = RuleTypes.of(v.ruleType()).judgedIn() == JudgedIn.FIRST_MEMBER_ZONE_IF_SCOPED
                ? s.scopedSpeed : s.memberRules.get(v.zoneId());
        if (compiled != null) {
            for (Compiled<?> c : compiled) {
                if (c.rule().ruleId().equals(v.ruleId())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Zone firstCovered(Rule rule, List<Zone> members) {
        for (int i = 0, n = members.size(); i < n; i++) {
            if (rule.coversZone(members.get(i))) {
                return members.get(i);
            }
        }
        return null;
    }

    private static boolean anyApplies(Compiled<?>[] compiled, String auvId, Instant t) {
        for (Compiled<?> c : compiled) {
            if (c.rule().appliesTo(auvId, t)) {
                return true;
            }
        }
        return false;
    }

    private static void judge(Compiled<?>[] compiled, Zone zone, FixContext ctx, Breaches out, boolean statelessOnly) {
        String auvId = ctx.auvId();
        Instant t = ctx.fix().timestamp();
        for (Compiled<?> c : compiled) {
            Rule rule = c.rule();
            if ((!statelessOnly || c.kind().isStateless())
                    && rule.appliesTo(auvId, t)
                    && c.breaches(zone, ctx)) {
                out.add(c, zone, c.key());
            }
        }
    }

    /**
     * Proximity: which zones in scope are nearer than the largest applicable limit is decided with
     * {@link ZoneIndex#within} (a few geodesics). The kinds then see, per zone, the exact
     * boundary distance ({@link ZoneIndex#near}) where they need it: when a rule with a smaller
     * limit must compare it, or when an episode opens (its message states the distance). Where
     * every applicable rule's limit is above the bound found and its episode is open already,
     * they see that bound instead: a geodesic distance to a point of the boundary, so at least the
     * boundary distance and below each limit; "distance below the limit" comes out the same, and
     * no message is written from it.
     */
    private static void judgeProximity(Snapshot s, FixContext ctx, List<Zone> covering, Map<String, Violation> open,
                                       Breaches out) {
        String auvId = ctx.auvId();
        Instant t = ctx.fix().timestamp();
        double radius = 0;
        for (Compiled<?> c : s.proximity) {
            if (c.rule().appliesTo(auvId, t)) {
                radius = Math.max(radius, c.reachMetres());
            }
        }
        double lon = ctx.fix().longitude();
        double lat = ctx.fix().latitude();
        if (radius <= 0 || !s.proximityZones.mayBeNear(lon, lat, radius, covering)) {
            return;
        }
        // zones outside every proximity rule's scope are not measured
        List<ZoneWithin> within = s.index.within(lon, lat, radius, s.proximityZones::holds);
        if (within.isEmpty()) {
            return;
        }
        List<ZoneDistance> near = new ArrayList<>(within.size());
        for (ZoneWithin w : within) {
            Zone zone = w.zone();
            near.add(boundDecides(s, w, auvId, t, open) ? new ZoneDistance(zone, w.upperBoundMetres())
                    : s.index.near(lon, lat, radius, z -> z == zone).get(0));
        }
        ctx.setNear(near);
        for (Compiled<?> c : s.proximity) {
            Rule rule = c.rule();
            if (!rule.appliesTo(auvId, t)) {
                continue;
            }
            for (int i = 0, n = near.size(); i < n; i++) {
                Zone zone = near.get(i).zone();
                if (rule.coversZone(zone) && c.breaches(zone, ctx)) {
                    out.add(c, zone, episodeKey(rule.ruleId(), zone.zoneId()));
                }
            }
        }
    }

    /** True when every applicable proximity rule covering the zone has its limit above the bound and an open episode. */
    private static boolean boundDecides(Snapshot s, ZoneWithin w, String auvId, Instant t, Map<String, Violation> open) {
        for (Compiled<?> c : s.proximity) {
            Rule rule = c.rule();
            if (rule.appliesTo(auvId, t) && rule.coversZone(w.zone())
                    && (!(w.upperBoundMetres() < c.reachMetres())
                        || !open.containsKey(episodeKey(rule.ruleId(), w.zone().zoneId())))) {
                return false;
            }
        }
        return true;
    }

    private static List<Violation> inferCrossings(Snapshot s, Map<String, Instant> membersBefore, Telemetry last,
                                                  Telemetry fix, Map<String, Instant> entries,
                                                  Map<String, Violation> open) {
        if (last.longitude() == fix.longitude() && last.latitude() == fix.latitude()) {
            return List.of();
        }
        // only zones in scope of a restricted_zone rule and a member at neither fix can give one
        List<ZoneCrossing> crossings = s.index.crossedBy(last.longitude(), last.latitude(),
                fix.longitude(), fix.latitude(), zone -> s.restrictedZones.holds(zone)
                        && !membersBefore.containsKey(zone.zoneId()) && !entries.containsKey(zone.zoneId()));
        if (crossings.isEmpty()) {
            return List.of();
        }
        String auvId = fix.auvId();
        Instant t = fix.timestamp();
        double shallow = Math.min(last.depth(), fix.depth());
        double deep = Math.max(last.depth(), fix.depth());
        List<Violation> inferred = new ArrayList<>();
        for (ZoneCrossing crossing : crossings) {
            Zone zone = crossing.zone();
            if (membersBefore.containsKey(zone.zoneId()) || entries.containsKey(zone.zoneId())
                    || !zone.isValidAt(t)
                    || zone.minDepth() != null && deep < zone.minDepth()
                    || zone.maxDepth() != null && shallow > zone.maxDepth()) {
                continue;
            }
            Compiled<?>[] compiled = s.memberRules.get(zone.zoneId());
            if (compiled == null) {
                continue;
            }
            for (Compiled<?> c : compiled) {
                Rule rule = c.rule();
                if (!c.kind().infersCrossings()
                        || !rule.appliesTo(auvId, t) || open.containsKey(c.key())) {
                    continue;
                }
                String message = c.kind().describeCrossing(rule, zone, auvId, last.timestamp(), t);
                inferred.add(violation(rule, zone, auvId, Status.CLOSED, last.timestamp(), t, t,
                        crossing.latitude(), crossing.longitude(), fix.depth(), message, false, true));
            }
        }
        return inferred;
    }

    /** A violation found at the fix of {@code ctx}, positioned there, with the kind's sentence. */
    private static Violation newViolation(Compiled<?> c, Zone zone, FixContext ctx, Status status, Instant startedAt,
                                          Instant endedAt, boolean late, boolean inferred) {
        String message = c.describe(zone, ctx);
        if (late) {
            message = message + " (late fix)";
        }
        Telemetry fix = ctx.fix();
        Violation v = violation(c.rule(), zone, fix.auvId(), status, startedAt, endedAt, fix.timestamp(),
                fix.latitude(), fix.longitude(), fix.depth(), message, late, inferred);
        // only a kind that judges the registration (unauthorized_entry: its contracts) records one
        Vehicle vehicle = ctx.vehicle();
        return c.kind().judgesRegistration() && vehicle != null
                ? withRegistrationVersion(v, vehicle.version()) : v;
    }

    private static Violation withRegistrationVersion(Violation v, Integer registrationVersion) {
        return new Violation(v.violationId(), v.auvId(), v.ruleId(), v.ruleType(), v.zoneId(), v.severity(),
                v.status(), v.startedAt(), v.endedAt(), v.lastSeenAt(), v.latitude(), v.longitude(), v.depth(),
                v.message(), v.late(), v.inferred(), v.zoneVersion(), v.ruleVersion(), registrationVersion);
    }

    private static Violation violation(Rule rule, Zone zone, String auvId, Status status, Instant startedAt,
                                       Instant endedAt, Instant lastSeenAt, double latitude, double longitude,
                                       double depth, String message, boolean late, boolean inferred) {
        String zoneId = zone == null ? null : zone.zoneId();
        return new Violation(violationId(auvId, rule.ruleId(), zoneId, startedAt, late, inferred), auvId,
                rule.ruleId(), rule.type(), zoneId, rule.severity(), status, startedAt, endedAt, lastSeenAt,
                latitude, longitude, depth, message, late, inferred, zone == null ? 0 : zone.version(),
                rule.version());
    }

    /** The episode seen again at {@code fix}: position and last-seen move on, the versions stay the opening ones. */
    private static Violation continueEpisode(Violation v, Telemetry fix) {
        return new Violation(v.violationId(), v.auvId(), v.ruleId(), v.ruleType(), v.zoneId(), v.severity(),
                Status.OPEN, v.startedAt(), null, fix.timestamp(), fix.latitude(), fix.longitude(), fix.depth(),
                v.message(), false, false, v.zoneVersion(), v.ruleVersion(), v.registrationVersion());
    }

    private static Violation close(Violation v, Instant endedAt) {
        return new Violation(v.violationId(), v.auvId(), v.ruleId(), v.ruleType(), v.zoneId(), v.severity(),
                Status.CLOSED, v.startedAt(), endedAt, v.lastSeenAt(), v.latitude(), v.longitude(), v.depth(),
                v.message(), v.late(), v.inferred(), v.zoneVersion(), v.ruleVersion(), v.registrationVersion());
    }

    private static ZoneEvent event(ZoneEvent.Type type, String zoneId, Telemetry fix) {
        return new ZoneEvent(eventId(fix.auvId(), zoneId, type, fix.timestamp()), type, fix.auvId(), zoneId,
                fix.timestamp(), fix.latitude(), fix.longitude(), fix.depth());
    }

    /** The exit from {@code zoneId} confirmed now, dated and placed at the first fix outside. */
    private static ZoneEvent exitEvent(String zoneId, String auvId, PendingExit p) {
        return new ZoneEvent(eventId(auvId, zoneId, ZoneEvent.Type.ZONE_EXIT, p.outsideSince()), ZoneEvent.Type.ZONE_EXIT,
                auvId, zoneId, p.outsideSince(), p.latitude(), p.longitude(), p.depth());
    }

    /** {@code list} with {@code v} added: a new mutable list in place of {@code List.of()}. */
    private static <T> List<T> appended(List<T> list, T v) {
        List<T> to = list.isEmpty() ? new ArrayList<>(2) : list;
        to.add(v);
        return to;
    }

    /** The immutable map of the first n keys (distinct) to the values; no intermediate map for one or two. */
    private static Map<String, Violation> openMap(String[] keys, Violation[] values, int n) {
        switch (n) {
            case 0:
                return Map.of();
            case 1:
                return Map.of(keys[0], values[0]);
            case 2:
                return Map.of(keys[0], values[0], keys[1], values[1]);
            default:
                Map<String, Violation> m = new HashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    m.put(keys[i], values[i]);
                }
                return Map.copyOf(m);
        }
    }

    private static void sortByKey(List<Violation> violations) {
        if (violations.size() > 1) {
            violations.sort(BY_KEY);
        }
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The breaches of one fix, in the order found; grows as needed, allocates nothing while empty. */
    private static final class Breaches {
        Compiled<?>[] rules;
        Zone[] zones;
        String[] keys;
        int size;

        void add(Compiled<?> c, Zone zone, String key) {
            if (rules == null) {
                rules = new Compiled<?>[4];
                zones = new Zone[4];
                keys = new String[4];
            } else if (size == rules.length) {
                rules = Arrays.copyOf(rules, size * 2);
                zones = Arrays.copyOf(zones, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            rules[size] = c;
            zones[size] = zone;
            keys[size] = key;
            size++;
        }

        /** True when a breach has this episode key (keys are distinct: one breach per rule and zone). */
        boolean hasKey(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i] == key || keys[i].equals(key)) {
                    return true;
                }
            }
            return false;
        }
    }
}
