package org.deepseaguard.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.FixResult;
import org.deepseaguard.hub.service.StatusService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live feed behind {@code GET /api/v1/stream}: what the pipeline judged, as server-sent events
 * to every open stream (docs/api.md, "Live feed").
 *
 * <p>Events: {@code position} (an applied fix: {@code auv_id}, {@code timestamp}, {@code latitude},
 * {@code longitude}, {@code depth}, {@code speed}, {@code heading}, {@code status} of the vehicle
 * after it; at most one per vehicle per {@code position-interval}, the newest winning),
 * {@code violation} ({@code {"change":"opened"|"closed","violation":{...}}}, every change),
 * {@code event} (a zone entry or exit, the contract's zone event), and for the stream itself
 * {@code hello} (first) and {@code dropped} (this client missed events: {@code {"dropped":N}}, the
 * total so far; the page reloads its state).
 *
 * <p>The pipeline never waits for a browser: {@link #publish} (a step of route {@code results-route})
 * returns at once when no stream is open and otherwise only offers the batch to a bounded queue
 * (full: dropped and counted). One dispatcher thread turns batches into events (JSON written once
 * for all clients) and offers them to each client's bounded queue (full: that client's event is
 * dropped and counted, {@code deepseaguard.live.dropped}); a client's events are written by a sender
 * thread of its own while it has any, so a slow client holds up nobody else. Thread-safe.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
public class LiveFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    /** Refused: as many streams as {@code deepseaguard.live.max-clients} are open. */
    public static final class TooManyStreamsException extends RuntimeException {
        TooManyStreamsException(int max) {
            super("the hub serves at most " + max + " live streams at once (deepseaguard.live.max-clients)");
        }
    }

    private final ObjectMapper json;
    private final StatusService statuses;
    private final LiveProperties properties;
    private final Set<LiveClient> clients = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<BatchResult> inbound;
    private final ThreadPoolExecutor senders;
    private final Thread dispatcher;
    private final Counter droppedInbound;
    private final Counter droppedClient;
    private final AtomicInteger senderThreads = new AtomicInteger();
    private volatile boolean running = true;

    /** Positions per vehicle: the last sent (nanoTime) and the newest waiting; dispatcher thread only. */
    private final Map<String, Throttle> throttles = new HashMap<>();

    private static final class Throttle {
        long sentAt;
        LiveEvent waiting;
    }

    public LiveFeed(ObjectMapper json, StatusService statuses, LiveProperties properties, MeterRegistry meters) {
        this.json = json;
        this.statuses = statuses;
        this.properties = properties;
        this.inbound = new ArrayBlockingQueue<>(properties.inboundQueue());
        this.droppedInbound = Counter.builder("deepseaguard.live.dropped").tag("where", "inbound")
                .description("batch results the live feed dropped (dispatcher behind)").register(meters);
        this.droppedClient = Counter.builder("deepseaguard.live.dropped").tag("where", "client")
                .description("events a live stream client missed (its queue full)").register(meters);
        Gauge.builder("deepseaguard.live.clients", clients, Set::size).description("open live streams").register(meters);
        // one sender per client with events waiting; a few more for senders of clients gone, still stuck in a write
        this.senders = new ThreadPoolExecutor(0, properties.maxClients() + 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "live-sender-" + senderThreads.incrementAndGet()));
        this.dispatcher = daemon(this::dispatch, "live-dispatcher");
        this.dispatcher.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Hands a judged batch to the live feed; never blocks, never throws. Called by route
     * {@code results-route} on the pipeline's thread.
     */
    public void publish(BatchResult batch) {
        if (batch == null || clients.isEmpty() || !running) {
            return;
        }
        if (!inbound.offer(batch)) {
            droppedInbound.increment();
        }
    }

    /**
     * Opens a stream; its first event is {@code hello}.
     *
     * @throws TooManyStreamsException when {@code max-clients} streams are open
     */
    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        LiveClient client = new LiveClient(emitter, properties.clientQueue(), droppedClient);
        synchronized (clients) {
            if (clients.size() >= properties.maxClients()) {
                throw new TooManyStreamsException(properties.maxClients());
            }
            clients.add(client);
        }
        Runnable gone = () -> {
            client.close();
            clients.remove(client);
        };
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(e -> gone.run());
        ObjectNode hello = json.createObjectNode()
                .put("position_interval_ms", properties.positionInterval().toMillis())
                .put("heartbeat_ms", properties.heartbeat().toMillis());
        client.offer(new LiveEvent("hello", null, hello.toString()));
        client.schedule(senders);
        return emitter;
    }

    /** Streams open now. */
    public int clients() {
        return clients.size();
    }

    private void dispatch() {
        long heartbeatNanos = properties.heartbeat().toNanos();
        long nextHeartbeat = System.nanoTime() + heartbeatNanos;
        while (running) {
            try {
                long now = System.nanoTime();
                long wait = throttles.values().stream().anyMatch(t -> t.waiting != null)
                        ? Math.min(50_000_000L, nextHeartbeat - now) : nextHeartbeat - now;
                BatchResult batch = inbound.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (batch != null) {
                    events(batch);
                }
                now = System.nanoTime();
                releaseWaitingPositions(now);
                if (now - nextHeartbeat >= 0) {
                    broadcast(new LiveEvent(null, null, "keepalive"));
                    nextHeartbeat = now + heartbeatNanos;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("live feed: a batch could not be sent to the live streams", e);
            }
        }
    }

    private void events(BatchResult batch) {
        for (FixResult result : batch.results()) {
            Evaluation ev = result.evaluation();
            Telemetry fix = result.fix();
            if (fix != null && ev.outcome() == Evaluation.Outcome.APPLIED) {
                position(fix, statuses.statusOf(ev.state()));
            }
            ev.events().forEach(e -> broadcast(new LiveEvent("event", e.auvId(), write(e))));
            ev.opened().forEach(v -> broadcast(violation("opened", v)));
            ev.closed().forEach(v -> broadcast(violation("closed", v)));
        }
    }

    private LiveEvent violation(String change, Violation v) {
        ObjectNode data = json.createObjectNode().put("change", change);
        data.set("violation", json.valueToTree(v));
        return new LiveEvent("violation", v.auvId(), data.toString());
    }

    private void position(Telemetry fix, String status) {
        ObjectNode data = json.createObjectNode()
                .put("auv_id", fix.auvId())
                .put("timestamp", fix.timestamp().toString())
                .put("latitude", fix.latitude())
                .put("longitude", fix.longitude())
                .put("depth", fix.depth())
                .put("speed", fix.speed())
                .put("heading", fix.heading())
                .put("status", status);
        LiveEvent event = new LiveEvent("position", fix.auvId(), data.toString());
        long interval = properties.positionInterval().toNanos();
        if (interval == 0) {
            broadcast(event);
            return;
        }
        long now = System.nanoTime();
        Throttle throttle = throttles.get(fix.auvId());
        if (throttle == null) {
            throttle = new Throttle();
            throttle.sentAt = now - interval;
            throttles.put(fix.auvId(), throttle);
        }
        if (now - throttle.sentAt >= interval) {
            throttle.sentAt = now;
            throttle.waiting = null;
            broadcast(event);
        } else {
            throttle.waiting = event; // the newest wins; sent when the interval ends
        }
    }

    private void releaseWaitingPositions(long now) {
        long interval = properties.positionInterval().toNanos();
        for (Iterator<Throttle> it = throttles.values().iterator(); it.hasNext(); ) {
            Throttle throttle = it.next();
            if (now - throttle.sentAt < interval) {
                continue;
            }
            if (throttle.waiting != null) {
                throttle.sentAt = now;
                broadcast(throttle.waiting);
                throttle.waiting = null;
            } else {
                it.remove(); // nothing sent within an interval: forget the vehicle until its next fix
            }
        }
    }

    private void broadcast(LiveEvent event) {
        for (LiveClient client : clients) {
            if (client.closed()) {
                clients.remove(client);
                continue;
            }
            client.offer(event);
            client.schedule(senders);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        dispatcher.interrupt();
        clients.forEach(c -> c.complete());
        clients.clear();
        senders.shutdownNow();
    }
}
