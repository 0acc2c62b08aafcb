package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.List;
import java.util.Map;
import org.deepseaguard.core.engine.Evaluation.Outcome;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneEvent.Type;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

class ZoneMembershipTest {

    private static final Zone A = zone("Z-A", ZoneType.CONTRACT_AREA, box(-117.5, 10.0, -117.0, 10.5));
    private static final Zone B = zone("Z-B", ZoneType.APEI, box(-117.2, 10.0, -116.8, 10.5));

    @Test
    void entryAndExitEventsCarryTheFixTimeAndPosition() {
        Replay r = new Replay(new ComplianceEngine(List.of(A), List.of()));

        assertThat(r.feed(fix(0, -118.0, 10.2, 4000)).events()).isEmpty();
        Evaluation in = r.feed(fix(60, -117.3, 10.2, 4000));
        assertThat(in.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(in.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(Type.ZONE_ENTRY);
            assertThat(e.zoneId()).isEqualTo("Z-A");
            assertThat(e.timestamp()).isEqualTo(at(60));
            assertThat(e.longitude()).isEqualTo(-117.3);
            assertThat(e.latitude()).isEqualTo(10.2);
            assertThat(e.depth()).isEqualTo(4000);
            assertThat(e.auvId()).isEqualTo(Fixtures.AUV);
        });
        assertThat(in.state().zoneEntries()).containsExactly(Map.entry("Z-A", at(60)));

        Evaluation still = r.feed(fix(120, -117.2, 10.3, 4000));
        assertThat(still.events()).isEmpty();
        assertThat(still.state().zoneEntries()).containsExactly(Map.entry("Z-A", at(60)));
        assertThat(still.state().zoneEntries()).isSameAs(in.state().zoneEntries());

        Evaluation out = r.feed(fix(180, -116.9, 10.3, 4000));
        assertThat(out.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId, ZoneEvent::timestamp)
                .containsExactly(tuple(Type.ZONE_EXIT, "Z-A", at(180)));
        assertThat(out.state().zoneEntries()).isEmpty();
    }

    @Test
    void aVehicleFirstSeenInsideEntersAtItsFirstFix() {
        Replay r = new Replay(new ComplianceEngine(List.of(A), List.of()));
        assertThat(r.feed(fix(0, -117.3, 10.2, 4000)).events()).extracting(ZoneEvent::type)
                .containsExactly(Type.ZONE_ENTRY);
    }

    @Test
    void aFixOnTheBoundaryIsInside() {
        Replay r = new Replay(new ComplianceEngine(List.of(A), List.of()));
        assertThat(r.feed(fix(0, -117.0, 10.2, 4000)).state().zoneEntries()).containsKey("Z-A");
        assertThat(r.feed(fix(10, -117.5, 10.5, 4000)).events()).isEmpty(); // a corner
        assertThat(r.feed(fix(20, -116.99, 10.2, 4000)).events()).extracting(ZoneEvent::type)
                .containsExactly(Type.ZONE_EXIT);
    }

    @Test
    void depthBandEntryAndExitWhileInTheFootprint() {
        Zone banded = Fixtures.withDepth(A, 3000.0, 5000.0);
        Replay r = new Replay(new ComplianceEngine(List.of(banded), List.of()));

        assertThat(r.feed(fix(0, -117.3, 10.2, 2500)).state().zoneEntries()).isEmpty();
        assertThat(r.feed(fix(10, -117.3, 10.2, 3000)).events()) // the bound is inside
                .extracting(ZoneEvent::type, ZoneEvent::timestamp).containsExactly(tuple(Type.ZONE_ENTRY, at(10)));
        assertThat(r.feed(fix(20, -117.3, 10.2, 5000)).events()).isEmpty();
        assertThat(r.feed(fix(30, -117.3, 10.2, 5000.5)).events())
                .extracting(ZoneEvent::type, ZoneEvent::timestamp).containsExactly(tuple(Type.ZONE_EXIT, at(30)));
        assertThat(r.feed(fix(40, -117.3, 10.2, 4000)).state().zoneEntries())
                .containsExactly(Map.entry("Z-A", at(40)));
    }

    @Test
    void validityStartAndEndWhileInsideGiveEventsAtTheFirstFixAfterTheChange() {
        Zone timed = Fixtures.withValidity(A, at(100), at(200));
        Replay r = new Replay(new ComplianceEngine(List.of(timed), List.of()));

        assertThat(r.feed(fix(90, -117.3, 10.2, 4000)).events()).isEmpty();
        assertThat(r.feed(fix(99, -117.3, 10.2, 4000)).events()).isEmpty();
        assertThat(r.feed(fix(105, -117.3, 10.2, 4000)).events())
                .extracting(ZoneEvent::type, ZoneEvent::timestamp).containsExactly(tuple(Type.ZONE_ENTRY, at(105)));
        assertThat(r.feed(fix(199, -117.3, 10.2, 4000)).events()).isEmpty();
        assertThat(r.feed(fix(200, -117.3, 10.2, 4000)).events()) // valid_to is exclusive
                .extracting(ZoneEvent::type, ZoneEvent::timestamp).containsExactly(tuple(Type.ZONE_EXIT, at(200)));
    }

    @Test
    void validFromIsInclusive() {
        Zone timed = Fixtures.withValidity(A, at(100), null);
        Replay r = new Replay(new ComplianceEngine(List.of(timed), List.of()));
        r.feed(fix(50, -117.3, 10.2, 4000));
        assertThat(r.feed(fix(100, -117.3, 10.2, 4000)).state().zoneEntries()).containsKey("Z-A");
    }

    @Test
    void overlappingZonesAreEnteredAndLeftSeparatelyExitsFirstThenEntriesById() {
        Replay r = new Replay(new ComplianceEngine(List.of(A, B), List.of()));

        assertThat(r.feed(fix(0, -117.1, 10.2, 4000)).events()) // in both
                .extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .containsExactly(tuple(Type.ZONE_ENTRY, "Z-A"), tuple(Type.ZONE_ENTRY, "Z-B"));
        assertThat(r.feed(fix(10, -116.9, 10.2, 4000)).events()) // only B
                .extracting(ZoneEvent::type, ZoneEvent::zoneId).containsExactly(tuple(Type.ZONE_EXIT, "Z-A"));
        Evaluation swap = r.feed(fix(20, -117.4, 10.2, 4000)); // only A
        assertThat(swap.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .containsExactly(tuple(Type.ZONE_EXIT, "Z-B"), tuple(Type.ZONE_ENTRY, "Z-A"));
        assertThat(swap.state().zoneEntries()).containsExactly(Map.entry("Z-A", at(20)));
    }

    @Test
    void aZoneRemovedFromTheSetIsLeftAtTheNextFix() {
        ComplianceEngine engine = new ComplianceEngine(List.of(A, B), List.of());
        Replay r = new Replay(engine);
        r.feed(fix(0, -117.1, 10.2, 4000));
        engine.updateZones(List.of(B));
        Evaluation next = r.feed(fix(10, -117.1, 10.2, 4000));
        assertThat(next.events()).extracting(ZoneEvent::type, ZoneEvent::zoneId)
                .containsExactly(tuple(Type.ZONE_EXIT, "Z-A"));
        assertThat(next.state().zoneEntries()).containsExactly(Map.entry("Z-B", at(0)));
    }

    @Test
    void eventIdsAreDeterministic() {
        Evaluation first = new Replay(new ComplianceEngine(List.of(A), List.of())).feed(fix(0, -117.3, 10.2, 4000));
        Evaluation again = new Replay(new ComplianceEngine(List.of(A), List.of())).feed(fix(0, -117.3, 10.2, 4000));
        assertThat(first.events().get(0).eventId()).isEqualTo(again.events().get(0).eventId())
                .isEqualTo(ComplianceEngine.eventId(Fixtures.AUV, "Z-A", Type.ZONE_ENTRY, at(0)));
    }
}
