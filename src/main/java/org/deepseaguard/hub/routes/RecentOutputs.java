package org.deepseaguard.hub.routes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last messages that reached each output queue of the embedded profile (a ring buffer per
 * queue), recorded by the consumers in {@code routes/outputs-drain.camel.yaml}; lets an operator or a
 * test see what went where. Thread-safe.
 */
@Component("recentOutputs")
public class RecentOutputs {

    /** One message as it reached its queue. */
    public record Item(String queue, String auvId, String eventType, String severity, String body, Instant receivedAt) {
    }

    private static final int CAPACITY = 500;

    private final Map<String, Deque<Item>> queues = new ConcurrentHashMap<>();
    private final Clock clock;

    public RecentOutputs(Clock clock) {
        this.clock = clock;
    }

    public void record(String queue, Map<String, Object> headers, String body) {
        Item item = new Item(queue, text(headers.get(Headers.AUV_ID)), text(headers.get(Headers.EVENT_TYPE)),
                text(headers.get(Headers.SEVERITY)), body, clock.instant());
        Deque<Item> items = queues.computeIfAbsent(queue, q -> new ArrayDeque<>());
        synchronized (items) {
            if (items.size() == CAPACITY) {
                items.removeFirst();
            }
            items.addLast(item);
        }
    }

    /** Oldest first. */
    public List<Item> recent(String queue) {
        Deque<Item> items = queues.getOrDefault(queue, new ArrayDeque<>());
        synchronized (items) {
            return List.copyOf(items);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
