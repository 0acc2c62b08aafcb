package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.withDepth;
import static org.deepseaguard.core.engine.Fixtures.withValidity;
import static org.deepseaguard.core.engine.Fixtures.zone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.geo.Geodesy;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Violation.Status;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneEvent.Type;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/**
 * Exit hysteresis per zone type: a vehicle flapping across a boundary stays inside until the exit
 * is confirmed by distance or by a run of fixes outside; the confirmed exit, and the episodes it
 * closes, are dated at the first fix outside.
 */
class HysteresisTest {

    /** The APEI's east edge is the meridian -117.0; fixes are at latitude 10.2. */
    private static final Zone APEI = zone("APEI-1", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));
    private static final Zone CONTRACT = zone("CA-1", ZoneType.CONTRACT_AREA, box(-115.5, 10.0, -115.0, 10.5));
    private static final double LAT = 10.2;
    private static final double IN = -117.0005;     // about 55 m inside the east edge
    private static final double OUT = -116.9995;    // about 55 m outside
    private static final double OUT_150 = -116.9986; // about 150 m outside
    private static final double OUT_250 = -116.9977; // about 250 m outside
    private static final double FAR = -116.99;      // about 1.1 km outside
    private static final Rule RESTRICTED = rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI).build();
    private static final String KEY = ComplianceEngine.episodeKey("R-APEI", "APEI-1");

    private static ComplianceEngine engine(Map<ZoneType, ExitHysteresis> hysteresis, Zone... zones) {
        return new ComplianceEngine(List.of(zones), List.of(RESTRICTED), hysteresis);
    }

    private static Replay replay(ComplianceEngine engine, List<Telemetry> fixes) {
        Replay r = new Replay(engine);
        fixes.forEach(r::feed);
        return r;
    }

    private static List<ZoneEvent> events(Replay r) {
        return r.results.stream().flatMap(e -> e.events().stream()).toList();
    }

    private static List<Violation> opened(Replay r) {
        return r.results.stream().flatMap(e -> e.opened().stream()).toList();
    }

    private static List<Violation> closed(Replay r) {
        return r.results.stream().flatMap(e -> e.closed().stream()).toList();
    }

    private static ZoneEvent exitAt(long seconds, double lon) {
        return new ZoneEvent(ComplianceEngine.eventId(Fixtures.AUV, "APEI-1", Type.ZONE_EXIT, at(seconds)),
                Type.ZONE_EXIT, Fixtures.AUV, "APEI-1", at(seconds), LAT, lon, 4000);
    }

    private static ZoneEvent entryAt(long seconds, double lon) {
        return new ZoneEvent(ComplianceEngine.eventId(Fixtures.AUV, "APEI-1", Type.ZONE_ENTRY, at(seconds)),
                Type.ZONE_ENTRY, Fixtures.AUV, "APEI-1", at(seconds), LAT, lon, 4000);
    }

    /** Outside, then 20 times in and out across the east edge within 10 minutes, then 1.1 km away. */
    private static List<Telemetry> zigzag() {
        List<Telemetry> fixes = new ArrayList<>();
        fixes.add(fix(0, OUT, LAT, 4000));
        for (int i = 0; i < 20; i++) {
            fixes.add(fix(15 + 30L * i, IN, LAT, 4000));
            fixes.add(fix(30 + 30L * i, OUT, LAT, 4000));
        }
        fixes.add(fix(615, FAR, LAT, 4000));
        return fixes;
    }

    @Test
    void theTestPositionsAreWhereTheirNamesSay() {
        assertThat(Geodesy.distance(OUT, LAT, -117.0, LAT)).isBetween(50.0, 60.0);
        assertThat(Geodesy.distance(IN, LAT, -117.0, LAT)).isBetween(50.0, 60.0);
        assertThat(Geodesy.distance(OUT_150, LAT, -117.0, LAT)).isBetween(140.0, 160.0);
        assertThat(Geodesy.distance(OUT_250, LAT, -117.0, LAT)).isBetween(240.0, 260.0);
        assertThat(Geodesy.distance(FAR, LAT, -117.0, LAT)).isGreaterThan(1000.0);
    }

    @Test
    void withoutHysteresisTheZigzagGives20EntriesAnd20Exits() {
        Replay r = replay(engine(Map.of(), APEI), zigzag());
        assertThat(events(r)).filteredOn(e -> e.type() == Type.ZONE_ENTRY).hasSize(20);
        assertThat(events(r)).filteredOn(e -> e.type() == Type.ZONE_EXIT).hasSize(20);
        assertThat(opened(r)).hasSize(20);
        assertThat(closed(r)).hasSize(20);
    }

    @Test
    void withExitMetres200TheZigzagGivesOneEntryOneExitAndOneEpisode() {
        Replay exact = replay(engine(Map.of(), APEI), zigzag());
        Replay r = replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), APEI), zigzag());

        assertThat(events(r)).containsExactly(entryAt(15, IN), exitAt(600, OUT));
        // the exit is reported with the fix 1.1 km away, dated at the first fix of the last run outside,
        // so it is the exact run's last exit, id included
        assertThat(r.results.get(41).events()).containsExactly(exitAt(600, OUT));
        assertThat(events(exact).get(events(exact).size() - 1)).isEqualTo(exitAt(600, OUT));
        for (int i = 2; i < 41; i++) {
            assertThat(r.results.get(i).events()).as("fix %d", i).isEmpty();
            assertThat(r.results.get(i).closed()).as("fix %d", i).isEmpty();
        }

        assertThat(opened(r)).singleElement().satisfies(v -> {
            assertThat(v.startedAt()).isEqualTo(at(15));
            assertThat(v.status()).isEqualTo(Status.OPEN);
        });
        String id = opened(r).get(0).violationId();
        // continued at every fix back inside, never at the fixes outside
        assertThat(r.results).flatExtracting(Evaluation::continued).hasSize(19)
                .extracting(Violation::lastSeenAt).containsExactlyElementsOf(
                        IntStream.range(1, 20).mapToObj(i -> at(15 + 30L * i)).toList());
        assertThat(closed(r)).singleElement().satisfies(v -> {
            assertThat(v.violationId()).isEqualTo(id);
            assertThat(v.startedAt()).isEqualTo(at(15));
            assertThat(v.lastSeenAt()).isEqualTo(at(585));
            assertThat(v.endedAt()).isEqualTo(at(600));
            assertThat(v.longitude()).isEqualTo(IN);
        });
        // the exact run's last episode ends the same way
        assertThat(closed(exact).get(19).endedAt()).isEqualTo(at(600));
        assertThat(r.state.zoneEntries()).isEmpty();
        assertThat(r.state.pendingExits()).isEmpty();
        assertThat(r.state.openViolations()).isEmpty();
    }

    @Test
    void aPendingExitIsInTheStateWithItsFirstFixOutside() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        Evaluation out = r.feed(fix(60, OUT_150, LAT, 4100));
        assertThat(out.events()).isEmpty();
        assertThat(out.opened()).isEmpty();
        assertThat(out.continued()).isEmpty();
        assertThat(out.closed()).isEmpty();
        assertThat(out.state().zoneEntries()).containsExactly(Map.entry("APEI-1", at(0)));
        assertThat(out.state().pendingExits())
                .containsExactly(Map.entry("APEI-1", new PendingExit(at(60), LAT, OUT_150, 4100, 1)));
        // the open episode is held as it was: last seen inside
        assertThat(out.state().openViolations().get(KEY).lastSeenAt()).isEqualTo(at(0));

        Evaluation again = r.feed(fix(120, OUT, LAT, 4000));
        assertThat(again.state().pendingExits())
                .containsExactly(Map.entry("APEI-1", new PendingExit(at(60), LAT, OUT_150, 4100, 2)));
    }

    @Test
    void exitMetresConfirmsOnlyBeyondTheDistance() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        assertThat(r.feed(fix(120, OUT_150, LAT, 4000)).events()).isEmpty();
        Evaluation beyond = r.feed(fix(180, OUT_250, LAT, 4000));
        assertThat(beyond.events()).containsExactly(exitAt(60, OUT));
        assertThat(beyond.closed()).singleElement().satisfies(v -> {
            assertThat(v.endedAt()).isEqualTo(at(60));
            assertThat(v.lastSeenAt()).isEqualTo(at(0));
        });
    }

    @Test
    void aFirstFixOutsideBeyondTheDistanceExitsAtOnce() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        Evaluation out = r.feed(fix(60, FAR, LAT, 4000));
        assertThat(out.events()).containsExactly(exitAt(60, FAR));
        assertThat(out.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(60)));
        assertThat(out.state().pendingExits()).isEmpty();
    }

    @Test
    void exitFixes3TwoFixesOutsideThenBackInIsNoExit() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, FAR, LAT, 4000));
        r.feed(fix(120, FAR, LAT, 4000));
        Evaluation back = r.feed(fix(180, IN, LAT, 4000));

        assertThat(events(r)).containsExactly(entryAt(0, IN));
        assertThat(closed(r)).isEmpty();
        assertThat(back.continued()).singleElement().satisfies(v -> {
            assertThat(v.startedAt()).isEqualTo(at(0));
            assertThat(v.lastSeenAt()).isEqualTo(at(180));
        });
        assertThat(back.state().pendingExits()).isEmpty();
        assertThat(back.state().zoneEntries()).containsExactly(Map.entry("APEI-1", at(0)));
    }

    @Test
    void exitFixes3ThreeFixesOutsideExitAtTheFirstOfThem() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, FAR, LAT, 4000));
        r.feed(fix(120, FAR, LAT, 4000));
        r.feed(fix(180, IN, LAT, 4000));
        assertThat(r.feed(fix(240, OUT, LAT, 4000)).events()).isEmpty();
        assertThat(r.feed(fix(300, FAR, LAT, 4000)).events()).isEmpty();
        Evaluation third = r.feed(fix(360, FAR, LAT, 4000));

        assertThat(third.events()).containsExactly(exitAt(240, OUT));
        assertThat(third.closed()).singleElement().satisfies(v -> {
            assertThat(v.startedAt()).isEqualTo(at(0));
            assertThat(v.lastSeenAt()).isEqualTo(at(180));
            assertThat(v.endedAt()).isEqualTo(at(240));
            assertThat(v.status()).isEqualTo(Status.CLOSED);
        });
        assertThat(events(r)).containsExactly(entryAt(0, IN), exitAt(240, OUT));
        assertThat(opened(r)).hasSize(1);
        assertThat(third.state().zoneEntries()).isEmpty();
        assertThat(third.state().pendingExits()).isEmpty();
    }

    @Test
    void onlyTheConfiguredZoneTypeHasHysteresis() {
        ComplianceEngine engine = new ComplianceEngine(List.of(APEI, CONTRACT),
                List.of(RESTRICTED, rule("R-CA", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.CONTRACT_AREA).build()),
                Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)));
        Replay r = new Replay(engine);
        r.feed(fix(0, -115.2, LAT, 4000));
        Evaluation out = r.feed(fix(60, -114.9, LAT, 4000));
        ZoneEvent exit = new ZoneEvent(ComplianceEngine.eventId(Fixtures.AUV, "CA-1", Type.ZONE_EXIT, at(60)),
                Type.ZONE_EXIT, Fixtures.AUV, "CA-1", at(60), LAT, -114.9, 4000);
        assertThat(out.events()).containsExactly(exit);
        assertThat(out.closed()).singleElement().satisfies(v -> {
            assertThat(v.zoneId()).isEqualTo("CA-1");
            assertThat(v.endedAt()).isEqualTo(at(60));
        });
        assertThat(out.state().pendingExits()).isEmpty();

        r.feed(fix(120, IN, LAT, 4000));
        assertThat(r.feed(fix(180, OUT, LAT, 4000)).events()).isEmpty();
        assertThat(r.state.pendingExits()).containsOnlyKeys("APEI-1");
    }

    @Test
    void bothSettingsExitAtWhicheverComesFirst() {
        ComplianceEngine engine = engine(Map.of(ZoneType.APEI, new ExitHysteresis(200.0, 3)), APEI);
        Replay byFixes = new Replay(engine);
        byFixes.feed(fix(0, IN, LAT, 4000));
        byFixes.feed(fix(60, OUT, LAT, 4000));
        byFixes.feed(fix(120, OUT, LAT, 4000));
        assertThat(byFixes.feed(fix(180, OUT, LAT, 4000)).events()).containsExactly(exitAt(60, OUT));

        Replay byMetres = new Replay(engine);
        byMetres.feed(fix(0, IN, LAT, 4000));
        byMetres.feed(fix(60, OUT, LAT, 4000));
        assertThat(byMetres.feed(fix(120, FAR, LAT, 4000)).events()).containsExactly(exitAt(60, OUT));
    }

    @Test
    void maxDwellKeepsCountingFromTheFirstEntryThroughACancelledExit() {
        Rule dwell = rule("R-DWELL", RuleType.MAX_DWELL).zoneTypes(ZoneType.APEI).maxDwell(100).build();
        ComplianceEngine engine = new ComplianceEngine(List.of(APEI), List.of(dwell),
                Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)));
        Replay back = new Replay(engine);
        back.feed(fix(0, IN, LAT, 4000));
        back.feed(fix(60, IN, LAT, 4000));
        back.feed(fix(90, OUT, LAT, 4000));
        assertThat(back.feed(fix(120, OUT, LAT, 4000)).opened()).isEmpty(); // not judged outside
        Evaluation in = back.feed(fix(150, IN, LAT, 4000));
        assertThat(in.opened()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("R-DWELL");
            assertThat(v.startedAt()).isEqualTo(at(150));
            assertThat(v.message()).contains("for 150.0 s");
        });

        Replay gone = new Replay(engine);
        gone.feed(fix(0, IN, LAT, 4000));
        gone.feed(fix(60, IN, LAT, 4000));
        gone.feed(fix(90, OUT, LAT, 4000));
        gone.feed(fix(120, OUT, LAT, 4000));
        Evaluation third = gone.feed(fix(150, OUT, LAT, 4000));
        assertThat(third.events()).containsExactly(exitAt(90, OUT));
        assertThat(opened(gone)).isEmpty(); // it was in the zone for 90 s only
    }

    @Test
    void exitMetresMeasuresToTheDepthBandToo() {
        Zone banded = withDepth(APEI, 1000.0, 2000.0);
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), banded));
        r.feed(fix(0, IN, LAT, 1500));
        // 150 m above the band, in the footprint: pending
        assertThat(r.feed(fix(60, IN, LAT, 850)).events()).isEmpty();
        // 150 m above and 150 m outside: sqrt(2) x 150 = 212 m > 200
        Evaluation out = r.feed(fix(120, OUT_150, LAT, 850));
        assertThat(out.events()).extracting(ZoneEvent::type, ZoneEvent::timestamp, ZoneEvent::depth)
                .containsExactly(tuple(Type.ZONE_EXIT, at(60), 850.0));

        Replay deep = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.metres(200)), banded));
        deep.feed(fix(0, IN, LAT, 1500));
        assertThat(deep.feed(fix(60, IN, LAT, 2300)).events()).extracting(ZoneEvent::timestamp)
                .containsExactly(at(60)); // 300 m below the band: at once
    }

    @Test
    void aZoneRemovedWhileAnExitIsPendingExitsAtTheFirstFixOutside() {
        ComplianceEngine engine = engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(5)), APEI);
        Replay r = new Replay(engine);
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        engine.updateZones(List.of());
        Evaluation next = r.feed(fix(120, IN, LAT, 4000)); // the zone is gone: back "inside" nothing
        assertThat(next.events()).containsExactly(exitAt(60, OUT));
        assertThat(next.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(60)));
        assertThat(next.state().zoneEntries()).isEmpty();
        assertThat(next.state().pendingExits()).isEmpty();
    }

    @Test
    void aZoneClosingWhileAnExitIsPendingExitsAtTheFirstFixOutside() {
        Zone closing = withValidity(APEI, null, at(100));
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(5)), closing));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        Evaluation next = r.feed(fix(120, OUT, LAT, 4000));
        assertThat(next.events()).containsExactly(exitAt(60, OUT));
        assertThat(next.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(60)));
    }

    @Test
    void aZoneTypeWithoutHysteresisNowExitsAtTheNextFixOutside() {
        ComplianceEngine engine = engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(5)), APEI);
        Replay r = new Replay(engine);
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        engine.updateZones(List.of(zone("APEI-1", ZoneType.CLOSED_AREA, box(-117.5, 10.0, -117.0, 10.5))));
        assertThat(r.feed(fix(120, OUT, LAT, 4000)).events()).containsExactly(exitAt(60, OUT));
    }

    @Test
    void aStateWithAPendingExitAndAnEngineWithoutHysteresisExitsAtTheFirstFixOutside() {
        Replay before = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(5)), APEI));
        before.feed(fix(0, IN, LAT, 4000));
        before.feed(fix(60, OUT, LAT, 4000));

        ComplianceEngine exact = engine(Map.of(), APEI);
        Evaluation out = exact.evaluate(before.state, fix(120, OUT, LAT, 4000), null, at(120));
        assertThat(out.events()).containsExactly(exitAt(60, OUT));
        assertThat(out.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(60)));
        Evaluation in = exact.evaluate(before.state, fix(120, IN, LAT, 4000), null, at(120));
        assertThat(in.events()).isEmpty();
        assertThat(in.state().pendingExits()).isEmpty();
        assertThat(in.continued()).hasSize(1);
    }

    @Test
    void lateAndDuplicateFixesNeitherCountNorCancel() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        VehicleState pending = r.state;

        Evaluation dup = r.feed(fix(60, OUT, LAT, 4000));
        assertThat(dup.outcome()).isEqualTo(Outcome.DUPLICATE);
        Evaluation lateInside = r.feed(fix(30, IN, LAT, 4000));
        assertThat(lateInside.outcome()).isEqualTo(Outcome.LATE);
        assertThat(lateInside.state()).isSameAs(pending);
        // judged by the exact membership, as every late fix
        assertThat(lateInside.opened()).singleElement().satisfies(v -> assertThat(v.late()).isTrue());
        Evaluation lateOutside = r.feed(fix(45, FAR, LAT, 4000));
        assertThat(lateOutside.state()).isSameAs(pending);

        r.feed(fix(120, OUT, LAT, 4000));
        assertThat(r.feed(fix(180, OUT, LAT, 4000)).events()).containsExactly(exitAt(60, OUT));
    }

    @Test
    void aCrossingBackThroughTheZoneRestartsThePendingExit() {
        // a strip 0.002 degrees (220 m) wide: fixes on either side are within 200 m of it
        Zone strip = zone("APEI-1", ZoneType.APEI, box(-117.002, 10.0, -117.0, 10.5));
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(2)), strip));
        r.feed(fix(0, -117.001, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));                          // east of it, pending (1)
        Evaluation west = r.feed(fix(120, -117.0025, LAT, 4000));  // west of it: went through it, pending anew
        assertThat(west.events()).isEmpty();
        assertThat(west.opened()).isEmpty(); // no inferred crossing: it counts as inside
        assertThat(west.state().pendingExits())
                .containsExactly(Map.entry("APEI-1", new PendingExit(at(120), LAT, -117.0025, 4000, 1)));
        Evaluation confirmed = r.feed(fix(180, -117.003, LAT, 4000));
        assertThat(confirmed.events()).extracting(ZoneEvent::timestamp).containsExactly(at(120));
        assertThat(confirmed.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(120)));
        assertThat(confirmed.opened()).isEmpty();

        // without hysteresis the same track is an exit at 60 and an inferred crossing from 60 to 120
        Replay exact = replay(engine(Map.of(), strip), List.of(fix(0, -117.001, LAT, 4000), fix(60, OUT, LAT, 4000),
                fix(120, -117.0025, LAT, 4000), fix(180, -117.003, LAT, 4000)));
        assertThat(events(exact)).extracting(ZoneEvent::timestamp).containsExactly(at(0), at(60));
        assertThat(opened(exact)).extracting(Violation::inferred).containsExactly(false, true);
    }

    @Test
    void anExitConfirmedWithoutHysteresisStillInfersTheCrossingAfterIt() {
        Replay r = new Replay(engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(5)), APEI));
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        // the state judged by an engine without hysteresis (settings removed at a restart): the exit
        // is confirmed at the first fix outside, and the path west across the zone is inferred
        Evaluation across = engine(Map.of(), APEI).evaluate(r.state, fix(3600, -117.6, LAT, 4000), null, at(3600));
        assertThat(across.events()).containsExactly(exitAt(60, OUT));
        assertThat(across.closed()).singleElement().satisfies(v -> assertThat(v.endedAt()).isEqualTo(at(60)));
        assertThat(across.opened()).singleElement().satisfies(v -> {
            assertThat(v.inferred()).isTrue();
            assertThat(v.startedAt()).isEqualTo(at(60));
            assertThat(v.endedAt()).isEqualTo(at(3600));
        });
    }

    @Test
    void aPendingExitSurvivesJacksonAndJavaSerialisation() throws Exception {
        ComplianceEngine engine = engine(Map.of(ZoneType.APEI, ExitHysteresis.fixes(3)), APEI);
        Replay r = new Replay(engine);
        r.feed(fix(0, IN, LAT, 4000));
        r.feed(fix(60, OUT, LAT, 4000));
        VehicleState state = r.state;
        assertThat(state.pendingExits()).hasSize(1);

        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        VehicleState fromJson = json.readValue(json.writeValueAsString(state), VehicleState.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        VehicleState fromJava;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            fromJava = (VehicleState) in.readObject();
        }
        assertThat(fromJson).isEqualTo(state);
        assertThat(fromJava).isEqualTo(state);
        Telemetry[] next = {fix(120, OUT, LAT, 4000), fix(180, FAR, LAT, 4000)};
        for (VehicleState restored : List.of(fromJson, fromJava)) {
            VehicleState a = state;
            VehicleState b = restored;
            for (Telemetry f : next) {
                Evaluation ea = engine.evaluate(a, f, null, f.timestamp());
                Evaluation eb = engine.evaluate(b, f, null, f.timestamp());
                assertThat(eb).isEqualTo(ea);
                a = ea.state();
                b = eb.state();
            }
            assertThat(a.zoneEntries()).isEmpty();
        }
        // a state written before pending exits existed reads as having none
        String old = "{\"auvId\":\"AUV-001\",\"lastFix\":null,\"zoneEntries\":{},\"openViolations\":{},\"lastArrival\":null}";
        assertThat(json.readValue(old, VehicleState.class)).isEqualTo(VehicleState.initial("AUV-001"));
    }

    @Test
    void settingsMustBePositive() {
        assertThatThrownBy(() -> new ExitHysteresis(null, null)).hasMessageContaining("exit-metres or exit-fixes");
        assertThatThrownBy(() -> ExitHysteresis.metres(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ExitHysteresis.metres(Double.NaN)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ExitHysteresis.metres(Double.POSITIVE_INFINITY)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ExitHysteresis.fixes(0)).hasMessageContaining("positive");
    }
}
