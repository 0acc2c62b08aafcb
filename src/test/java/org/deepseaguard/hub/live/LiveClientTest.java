package org.deepseaguard.hub.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A slow client: its queue fills, what does not fit is dropped and counted, and it is told so. */
class LiveClientTest {

    /** Writes nothing to a network: records each event's text, and blocks while {@link #release} is closed. */
    static final class SlowEmitter extends SseEmitter {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile boolean writing;

        @Override
        public void send(SseEventBuilder event) throws IOException {
            writing = true;
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sent.add(event.build().stream().map(d -> String.valueOf(d.getData())).collect(Collectors.joining()));
        }
    }

    private final ExecutorService senders = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    @Test
    void eventsBeyondTheQueueAreDroppedCountedAndReported() {
        Counter dropped = new SimpleMeterRegistry().counter("deepseaguard.live.dropped");
        SlowEmitter emitter = new SlowEmitter();
        LiveClient client = new LiveClient(emitter, 2, dropped);

        client.offer(new LiveEvent("position", "A", "{\"n\":1}"));
        client.schedule(senders);
        await().atMost(Duration.ofSeconds(5)).until(() -> emitter.writing); // event 1 taken, the client stalls
        for (int n = 2; n <= 5; n++) {
            client.offer(new LiveEvent("position", "A", "{\"n\":" + n + "}")); // 2 and 3 queue, 4 and 5 do not fit
            client.schedule(senders); // one sender at a time: nothing more starts
        }
        client.offer(new LiveEvent(null, null, "keepalive")); // a heartbeat that does not fit is not counted
        assertThat(dropped.count()).isEqualTo(2.0);

        emitter.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> emitter.sent.size() == 4);
        assertThat(emitter.sent.get(0)).contains("event:position").contains("{\"n\":1}");
        assertThat(emitter.sent.get(1)).contains("event:dropped").contains("{\"dropped\":2}");
        assertThat(emitter.sent.get(2)).contains("{\"n\":2}");
        assertThat(emitter.sent.get(3)).contains("{\"n\":3}");
    }

    @Test
    void aClientThatWentAwayIsClosedAndTakesNoMore() {
        SseEmitter gone = new SseEmitter() {
            @Override
            public void send(SseEventBuilder event) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        LiveClient client = new LiveClient(gone, 10, new SimpleMeterRegistry().counter("dropped"));
        client.offer(new LiveEvent("hello", null, "{}"));
        client.schedule(senders);
        await().atMost(Duration.ofSeconds(5)).until(client::closed);
        client.offer(new LiveEvent("position", "A", "{}"));
        client.schedule(senders);
        assertThat(client.closed()).isTrue();
    }
}
