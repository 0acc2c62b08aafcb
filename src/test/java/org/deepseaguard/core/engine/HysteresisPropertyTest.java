package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.withDepth;
import static org.deepseaguard.core.engine.Fixtures.withValidity;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneType;

/**
 * Exit hysteresis on random tracks over overlapping zones (depth bands, a validity period), with
 * every rule type, late fixes and duplicates: settings that cannot hold a vehicle back (one fix, or
 * a zone type no zone has) give exactly the results without hysteresis; real settings only ever
 * drop entries and exits, never make new ones.
 */
class HysteresisPropertyTest {

    private static final List<Zone> ZONES = List.of(
            zone("APEI-1", ZoneType.APEI, box(-117.02, 10.0, -117.0, 10.02)),
            withDepth(zone("APEI-2", ZoneType.APEI, box(-117.01, 10.01, -116.99, 10.03)), 3800.0, 4200.0),
            zone("CA-1", ZoneType.CONTRACT_AREA, box(-117.03, 9.99, -116.995, 10.015)),
            withValidity(zone("CL-1", ZoneType.CLOSED_AREA, box(-117.005, 10.005, -116.985, 10.025)), null, at(1800)));
    private static final List<Rule> RULES = List.of(
            rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI, ZoneType.CLOSED_AREA).build(),
            rule("R-DEPTH", RuleType.DEPTH_LIMIT).zoneTypes(ZoneType.CONTRACT_AREA).depth(null, 4100.0).build(),
            rule("R-DWELL", RuleType.MAX_DWELL).maxDwell(300).build(),
            rule("R-NEAR", RuleType.PROXIMITY).zoneTypes(ZoneType.APEI).minDistance(300).build(),
            rule("R-SPEED", RuleType.SPEED_LIMIT).zoneTypes(ZoneType.CONTRACT_AREA).maxSpeed(5).build(),
            rule("R-UNAUTH", RuleType.UNAUTHORIZED_ENTRY).build(),
            rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(150).build());
    private static final ComplianceEngine EXACT = new ComplianceEngine(ZONES, RULES);

    @Property(tries = 300)
    void oneFixOutsideIsAnExitAsWithoutHysteresis(@ForAll("tracks") List<Telemetry> track) {
        Map<ZoneType, ExitHysteresis> everyType = new EnumMap<>(ZoneType.class);
        for (ZoneType type : ZoneType.values()) {
            everyType.put(type, ExitHysteresis.fixes(1));
        }
        assertThat(run(new ComplianceEngine(ZONES, RULES, everyType), track)).isEqualTo(run(EXACT, track));
    }

    @Property(tries = 300)
    void hysteresisOfAZoneTypeWithoutZonesChangesNothing(@ForAll("tracks") List<Telemetry> track) {
        ComplianceEngine other = new ComplianceEngine(ZONES, RULES,
                Map.of(ZoneType.MARINE_PROTECTED_AREA, new ExitHysteresis(500.0, 4)));
        assertThat(run(other, track)).isEqualTo(run(EXACT, track));
    }

    @Property(tries = 300)
    void hysteresisOnlyDropsEntriesAndExits(@ForAll("tracks") List<Telemetry> track) {
        ComplianceEngine held = new ComplianceEngine(ZONES, RULES, Map.of(ZoneType.APEI, ExitHysteresis.metres(300),
                ZoneType.CONTRACT_AREA, ExitHysteresis.fixes(3), ZoneType.CLOSED_AREA, new ExitHysteresis(150.0, 2)));
        List<ZoneEvent> exact = events(run(EXACT, track));
        List<ZoneEvent> events = events(run(held, track));
        Set<String> exactEntries = exact.stream().filter(e -> e.type() == ZoneEvent.Type.ZONE_ENTRY)
                .map(ZoneEvent::eventId).collect(Collectors.toSet());
        assertThat(events).filteredOn(e -> e.type() == ZoneEvent.Type.ZONE_ENTRY)
                .allSatisfy(e -> assertThat(exactEntries).contains(e.eventId()));
        Map<String, ZoneEvent.Type> lastByZone = new HashMap<>();
        for (ZoneEvent e : events) {
            ZoneEvent.Type previous = lastByZone.put(e.zoneId(), e.type());
            assertThat(e.type()).as("entries and exits alternate in %s", e.zoneId())
                    .isEqualTo(previous == ZoneEvent.Type.ZONE_ENTRY ? ZoneEvent.Type.ZONE_EXIT : ZoneEvent.Type.ZONE_ENTRY);
        }
        for (Zone zone : ZONES) {
            assertThat(events.stream().filter(e -> e.zoneId().equals(zone.zoneId())).count())
                    .isLessThanOrEqualTo(exact.stream().filter(e -> e.zoneId().equals(zone.zoneId())).count());
        }
    }

    private static List<Evaluation> run(ComplianceEngine engine, List<Telemetry> track) {
        Replay r = new Replay(engine);
        track.forEach(r::feed);
        return r.results;
    }

    private static List<ZoneEvent> events(List<Evaluation> results) {
        return results.stream().flatMap(e -> e.events().stream()).toList();
    }

    /** Up to 60 fixes around the zones, mostly 1 to 120 s apart, some late or repeated. */
    @Provide
    Arbitrary<List<Telemetry>> tracks() {
        Arbitrary<double[]> step = Combinators.combine(
                Arbitraries.integers().between(-30, 120),
                Arbitraries.doubles().between(-117.04, -116.98),
                Arbitraries.doubles().between(9.98, 10.04),
                Arbitraries.of(3700.0, 3900.0, 4000.0, 4150.0, 4300.0))
                .as((dt, lon, lat, depth) -> new double[] {dt, lon, lat, depth});
        return step.list().ofMaxSize(60).map(steps -> {
            List<Telemetry> fixes = new ArrayList<>();
            long t = 0;
            for (double[] s : steps) {
                t = Math.max(0, t + (long) s[0]);
                fixes.add(Fixtures.fix(t, s[1], s[2], s[3]));
            }
            return fixes;
        });
    }
}
