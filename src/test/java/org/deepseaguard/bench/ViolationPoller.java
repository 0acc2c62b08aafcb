package org.deepseaguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sees probe violations through the public API: every {@code pollMs}, while a probe waits,
 * {@code GET /violations?rule_id=R-LOAD-CRIT&since=<oldest waiting probe's fix time>&limit=1000}
 * (newest first, further pages while a page is full) and hands each violation to the tracker,
 * stamped with the time its answer arrived. Nothing is asked while no probe waits.
 */
final class ViolationPoller implements Runnable {

    private final HubHttp hub;
    private final ProbeTracker probes;
    private final long pollNanos;
    private final long timeoutNanos;
    private volatile boolean running = true;
    final AtomicLong polls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();

    ViolationPoller(HubHttp hub, ProbeTracker probes, int pollMs, long timeoutNanos) {
        this.hub = hub;
        this.probes = probes;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMs);
        this.timeoutNanos = timeoutNanos;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (running) {
            next += pollNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
            OptionalLong since = probes.oldestPendingMs(timeoutNanos);
            if (since.isEmpty()) {
                continue;
            }
            try {
                poll(since.getAsLong());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            }
        }
    }

    private void poll(long sinceMs) throws Exception {
        String query = "/violations?rule_id=" + LoadWorld.CRITICAL_RULE + "&since="
                + URLEncoder.encode(Instant.ofEpochMilli(sinceMs).toString(), StandardCharsets.UTF_8) + "&limit=1000";
        for (int page = 0; page < 10; page++) {
            JsonNode answer = hub.getJson(query + "&offset=" + page * 1000);
            long seen = System.nanoTime();
            polls.incrementAndGet();
            JsonNode violations = answer.path("violations");
            for (JsonNode v : violations) {
                probes.seen(v.path("auv_id").asText(), Instant.parse(v.path("started_at").asText()).toEpochMilli(), seen);
            }
            if (violations.size() < 1000 || (page + 1) * 1000L >= answer.path("total").asLong()) {
                return;
            }
        }
    }
}
