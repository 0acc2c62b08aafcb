package org.deepseaguard.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <h2>Several instances (cluster mode)</h2>
 * With a {@link LiveRelay} (cluster mode with the Redis state store: {@link RedisLiveRelay}) the
 * feed also streams what the OTHER instances judged, so a stream shows the whole fleet whichever
 * instance the load balancer picked. An instance cannot know cheaply whether another one has a
 * stream open, so with a relay {@link #publish} takes every batch, also when no stream is open
 * here: the dispatcher (never the pipeline's thread) writes its events and hands them to the relay
 * as one message per batch, in which a vehicle's positions are thinned to its newest (the throttle
 * would keep no more). The other instances' events ({@link #relayed}) join this instance's in the
 * same bounded queue and take the same path: their positions go through this instance's
 * position throttle (at most one per vehicle per {@code position-interval}, the newest winning;
 * violations and zone events are never held back), then every client's bounded queue. The relay
 * away (Redis down) costs nothing here but the other instances' events: the streams show this
 * instance's.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
public class LiveFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final String POSITION = "position";

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
    /** Work for the dispatcher: a judged batch to turn into events, or another instance's events. */
    private final BlockingQueue<Runnable> inbound;
    private final LiveRelay relay; // null: this instance's events only
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

    /**
     * @param relay the other instances' events and the way to them; empty outside cluster mode
     */
    public LiveFeed(ObjectMapper json, StatusService statuses, LiveProperties properties, MeterRegistry meters,
                    Optional<LiveRelay> relay) {
        this.json = json;
        this.statuses = statuses;
        this.properties = properties;
        this.inbound = new ArrayBlockingQueue<>(properties.inboundQueue());
        this.droppedInbound = Counter.builder("deepseaguard.live.dropped").tag("where", "inbound")
                .description("batch results (and batches relayed from other instances) the live feed dropped (dispatcher behind)")
                .register(meters);
        this.droppedClient = Counter.builder("deepseaguard.live.dropped").tag("where", "client")
                .description("events a live stream client missed (its queue full)").register(meters);
        Gauge.builder("deepseaguard.live.clients", clients, Set::size).description("open live streams").register(meters);
        // one sender per client with events waiting; a few more for senders of clients gone, still stuck in a write
        this.senders = new ThreadPoolExecutor(0, properties.maxClients() + 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "live-sender-" + senderThreads.incrementAndGet()));
        this.relay = relay.orElse(null);
        this.dispatcher = daemon(this::dispatch, "live-dispatcher");
        this.dispatcher.start();
        if (this.relay != null) {
            this.relay.attach(this);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Hands a judged batch to the live feed; never blocks, never throws. Called by route
     * {@code results-route} on the pipeline's thread. Without a relay, a batch judged while no
     * stream is open is not looked at.
     */
    public void publish(BatchResult batch) {
        if (batch == null || batch.results().isEmpty() || !running || (relay == null && clients.isEmpty())) {
            return;
        }
        enqueue(() -> judged(batch));
    }

    /**
     * Hands the events another instance judged (one of its batches, in order) to this instance's
     * streams; never blocks, never throws. Called by the {@link LiveRelay} on its receiving thread.
     * Dropped at once while no stream is open here.
     */
    public void relayed(List<LiveEvent> events) {
        if (events.isEmpty() || !running || clients.isEmpty()) {
            return;
        }
        enqueue(() -> deliver(events));
    }

    private void enqueue(Runnable work) {
        if (!inbound.offer(work)) {
            droppedInbound.increment();
        }
    }

    /**
     * Opens a stream; its first event is {@code hello}.
     *
     * @throws TooManyStreamsException when {@code max-clients} streams are open
     */
    public SseEmitter subscribe() {
        return subscribe(new SseEmitter(properties.timeout().toMillis()));
    }

    /** {@link #subscribe()} on a given emitter (tests record what it is sent). */
    SseEmitter subscribe(SseEmitter emitter) {
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
                Runnable work = inbound.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (work != null) {
                    work.run();
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

    /** A batch this instance judged: to its own streams, and to the other instances' through the relay. */
    private void judged(BatchResult batch) {
        List<LiveEvent> events = events(batch);
        if (events.isEmpty()) {
            return;
        }
        if (!clients.isEmpty()) {
            deliver(events);
        }
        if (relay != null) {
            relay.publish(newestPositions(events));
        }
    }

    private List<LiveEvent> events(BatchResult batch) {
        List<LiveEvent> events = new ArrayList<>();
        for (FixResult result : batch.results()) {
            Evaluation ev = result.evaluation();
            Telemetry fix = result.fix();
            if (fix != null && ev.outcome() == Evaluation.Outcome.APPLIED) {
                events.add(position(fix, statuses.statusOf(ev.state())));
            }
            ev.events().forEach(e -> events.add(new LiveEvent("event", e.auvId(), write(e))));
            ev.opened().forEach(v -> events.add(violation("opened", v)));
            ev.closed().forEach(v -> events.add(violation("closed", v)));
        }
        return events;
    }

    /**
     * The events in order, with each vehicle's positions but the last left out (what the position
     * throttle would send of them at most: the newest).
     */
    private static List<LiveEvent> newestPositions(List<LiveEvent> events) {
        Set<String> seen = new HashSet<>();
        List<LiveEvent> kept = new ArrayList<>(events.size());
        for (int i = events.size() - 1; i >= 0; i--) {
            LiveEvent event = events.get(i);
            if (!POSITION.equals(event.name()) || seen.add(event.auvId())) {
                kept.add(event);
            }
        }
        Collections.reverse(kept);
        return kept;
    }

    /** Events to this instance's streams: positions through the throttle, the rest at once. */
    private void deliver(List<LiveEvent> events) {
        for (LiveEvent event : events) {
            if (POSITION.equals(event.name()) && event.auvId() != null) {
                throttled(event);
            } else {
                broadcast(event);
            }
        }
    }

    private LiveEvent violation(String change, Violation v) {
        ObjectNode data = json.createObjectNode().put("change", change);
        data.set("violation", json.valueToTree(v));
        return new LiveEvent("violation", v.auvId(), data.toString());
    }

    private LiveEvent position(Telemetry fix, String status) {
        ObjectNode data = json.createObjectNode()
                .put("auv_id", fix.auvId())
                .put("timestamp", fix.timestamp().toString())
                .put("latitude", fix.latitude())
                .put("longitude", fix.longitude())
                .put("depth", fix.depth())
                .put("speed", fix.speed())
                .put("heading", fix.heading())
                .put("status", status);
        return new LiveEvent(POSITION, fix.auvId(), data.toString());
    }

    private void throttled(LiveEvent event) {
        long interval = properties.positionInterval().toNanos();
        if (interval == 0) {
            broadcast(event);
            return;
        }
        long now = System.nanoTime();
        Throttle throttle = throttles.get(event.auvId());
        if (throttle == null) {
            throttle = new Throttle();
            throttle.sentAt = now - interval;
            throttles.put(event.auvId(), throttle);
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
