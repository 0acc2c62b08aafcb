package org.deepseaguard.hub.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.live.LiveTestData.batch;
import static org.deepseaguard.hub.live.LiveTestData.entered;
import static org.deepseaguard.hub.live.LiveTestData.moved;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deepseaguard.hub.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live feed with a relay (cluster mode), without Redis: what it hands the relay for the other
 * instances, and what it makes of theirs.
 */
class LiveFeedFanInTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Keeps what the feed publishes; {@link LiveFeed#relayed} stands for the other instances. */
    static final class RecordingRelay implements LiveRelay {
        final List<List<LiveEvent>> published = new CopyOnWriteArrayList<>();
        volatile LiveFeed attached;

        @Override
        public void publish(List<LiveEvent> events) {
            published.add(events);
        }

        @Override
        public void attach(LiveFeed feed) {
            attached = feed;
        }
    }

    private final RecordingRelay relay = new RecordingRelay();
    private LiveFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.stop();
        }
    }

    private LiveFeed feed(Duration positionInterval) {
        feed = new LiveFeed(LiveTestData.json(), LiveTestData.statuses(), LiveTestData.properties(positionInterval),
                new SimpleMeterRegistry(), Optional.of(relay));
        return feed;
    }

    @Test
    void aBatchJudgedHereIsPublishedOnceWithEachVehiclesNewestPositionAlsoWhenNoStreamIsOpenHere() {
        feed(Duration.ofSeconds(1));
        assertThat(relay.attached).isSameAs(feed);
        Instant t = Instant.parse("2026-11-27T08:00:00Z");

        feed.publish(batch(moved("AUV-1", t, 10.1), entered("AUV-1", t.plusSeconds(1), 10.2, "APEI-6", "R-APEI"),
                moved("AUV-2", t.plusSeconds(2), 20.1), moved("AUV-1", t.plusSeconds(3), 10.3)));

        await().atMost(WAIT).until(() -> relay.published.size() == 1);
        List<LiveEvent> message = relay.published.get(0);
        assertThat(message).extracting(e -> e.name() + " " + e.auvId())
                .containsExactly("event AUV-1", "violation AUV-1", "position AUV-2", "position AUV-1");
        assertThat(message.get(0).data()).contains("\"type\":\"zone_entry\"").contains("\"zone_id\":\"APEI-6\"");
        assertThat(message.get(1).data()).contains("\"change\":\"opened\"").contains("\"rule_id\":\"R-APEI\"");
        assertThat(message.get(3).data()).as("the vehicle's newest position")
                .contains("\"latitude\":10.3").contains("\"timestamp\":\"2026-11-27T08:00:03Z\"");
    }

    @Test
    void anotherInstancesEventsReachTheStreamsHerePositionsThrottledViolationsAndZoneEventsNever() {
        feed(Duration.ofSeconds(1));
        RecordingStream stream = RecordingStream.open(feed);
        await().atMost(WAIT).until(() -> stream.events("hello").size() == 1);

        feed.relayed(List.of(position("AUV-9", 1), new LiveEvent("violation", "AUV-9", "{\"change\":\"opened\"}"),
                position("AUV-9", 2), position("AUV-9", 3),
                new LiveEvent("event", "AUV-9", "{\"type\":\"zone_entry\",\"auv_id\":\"AUV-9\"}")));

        // the first position at once, the newest of the others when the interval is over; the rest never waits
        await().atMost(WAIT).untilAsserted(() -> assertThat(stream.events()).extracting(SseStream.Event::name)
                .containsExactly("hello", "position", "violation", "event", "position"));
        assertThat(stream.json("position", "AUV-9", "/auv_id")).extracting(p -> p.get("latitude").asInt())
                .containsExactly(1, 3);

        // relayed events are not published again: a batch judged here after them is the only message
        feed.publish(batch(moved("AUV-10", Instant.parse("2026-11-27T08:00:00Z"), 5.0)));
        await().atMost(WAIT).until(() -> relay.published.size() == 1);
        assertThat(relay.published.get(0)).extracting(LiveEvent::auvId).containsExactly("AUV-10");
        await().atMost(WAIT).until(() -> stream.json("position", "AUV-10", "/auv_id").size() == 1);
    }

    @Test
    void anotherInstancesPositionsShareTheThrottleWithThisInstancesOfTheSameVehicle() {
        feed(Duration.ofSeconds(1));
        RecordingStream stream = RecordingStream.open(feed);
        await().atMost(WAIT).until(() -> stream.events("hello").size() == 1);

        // a vehicle handed over between instances: a position judged here, two relayed within the same interval
        feed.publish(batch(moved("AUV-5", Instant.parse("2026-11-27T08:00:00Z"), 1.0)));
        feed.relayed(List.of(position("AUV-5", 2)));
        feed.relayed(List.of(position("AUV-5", 3)));

        await().atMost(WAIT).until(() -> stream.events("position").size() == 2);
        assertThat(stream.json("position", "AUV-5", "/auv_id")).as("the relayed 2 waited behind 1 and was overtaken by 3")
                .extracting(p -> p.get("latitude").asInt()).containsExactly(1, 3);
    }

    private static LiveEvent position(String auvId, int latitude) {
        return new LiveEvent("position", auvId, "{\"auv_id\":\"" + auvId + "\",\"latitude\":" + latitude + "}");
    }
}
