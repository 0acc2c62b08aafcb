package org.deepseaguard.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepseaguard.hub.store.RedisStateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The live feed's fan-in in cluster mode ({@code deepseaguard.cluster.enabled=true} with
 * {@code deepseaguard.state-store=redis}): every instance publishes the live events it judged to
 * ONE Redis pub/sub channel, {@code <deepseaguard.redis.key-prefix>live}, and relays the other
 * instances' events from it to its own streams, so a browser behind the load balancer sees the
 * whole fleet (docs/api.md, "Live feed").
 *
 * <h2>Messages</h2>
 * One {@code PUBLISH} per judged batch (not per fix), written with the hub's ObjectMapper:
 * {@code {"instance":"<id>","events":[{"event":"position","auv_id":"AUV-1","data":"<the event's JSON>"}, ...]}}.
 * {@code data} is the text the publishing instance sends its own streams, passed on untouched.
 * {@code instance} names the publisher (JVM name and a random suffix, new at every start): Redis
 * also delivers a message to its publisher's subscription, and an instance ignores its own (its
 * streams had those events already). Pub/sub keeps nothing: an instance that is not subscribed at
 * that moment never sees the message, which suits a feed for watching (the API is the record).
 *
 * <h2>Cost, and why always</h2>
 * An instance cannot know cheaply whether another one has a stream open, so it publishes every
 * batch with events, also when nobody watches anywhere: one {@code PUBLISH} per batch, sent by this
 * relay's own thread, never by the pipeline's and never by the feed's dispatcher (which only hands
 * the batch over). A received message is not even parsed while no stream is open on this instance.
 *
 * <h2>Threads, bounds, and Redis away</h2>
 * {@link #publish} only queues (at most {@code deepseaguard.live.inbound-queue} batches; beyond,
 * dropped and counted in {@code deepseaguard.live.dropped{where="relay"}}) for the relay thread,
 * which writes the JSON and publishes. A publish that fails (Redis down, timing out) is dropped and
 * counted the same way, logged once when the failures start and once when publishing works again;
 * nothing is retried, so after an outage the other instances' streams resume with new events.
 * Receiving: Spring Data Redis's {@link RedisMessageListenerContainer} holds the subscription on a
 * thread of its own and calls {@link #onMessage} on that thread (in the order Redis delivered),
 * which only hands the events to the feed's bounded queue ({@link LiveFeed#relayed}). A subscription
 * that breaks is renewed by the container ({@value #RESUBSCRIBE_SECONDS} s between attempts, logged by
 * it); one that cannot be made at startup is tried again by this relay as often, so a hub started
 * while Redis is away does not fail and gets the fan-in when Redis comes. Meanwhile the streams
 * show this instance's vehicles only. Thread-safe.
 */
@Component
@ConditionalOnBooleanProperty("deepseaguard.cluster.enabled")
@ConditionalOnProperty(name = "deepseaguard.state-store", havingValue = "redis")
public class RedisLiveRelay implements LiveRelay, MessageListener, SmartLifecycle, DisposableBean {

    /** The channel after the key prefix. */
    static final String CHANNEL = "live";
    static final long RESUBSCRIBE_SECONDS = 5;
    private static final Set<String> RELAYED = Set.of("position", "violation", "event");
    private static final Logger LOG = LoggerFactory.getLogger(RedisLiveRelay.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final String channel;
    private final String instance;
    private final int capacity;
    private final RedisMessageListenerContainer container;
    /** Publishes, and (re)tries the first subscription; one thread, so messages leave in order. */
    private final ScheduledThreadPoolExecutor worker;
    private final AtomicInteger queued = new AtomicInteger();
    private final Counter dropped;
    private volatile LiveFeed feed;
    private volatile boolean running;
    private boolean failing; // worker thread only

    @Autowired
    public RedisLiveRelay(RedisConnectionFactory connections, StringRedisTemplate redis, ObjectMapper json,
                          RedisStateProperties redisProperties, LiveProperties live, MeterRegistry meters) {
        this(connections, redis, json, redisProperties.keyPrefix(),
                ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8),
                live.inboundQueue(), meters);
    }

    /**
     * For tests: a relay with a given key prefix and instance name.
     *
     * @param capacity batches waiting to be published; beyond, dropped and counted
     */
    public RedisLiveRelay(RedisConnectionFactory connections, StringRedisTemplate redis, ObjectMapper json,
                          String keyPrefix, String instance, int capacity, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.channel = keyPrefix + CHANNEL;
        this.instance = instance;
        this.capacity = capacity;
        this.dropped = Counter.builder("deepseaguard.live.dropped").tag("where", "relay")
                .description("batches of live events not published to the other instances (relay behind, or Redis away)")
                .register(meters);
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "live-relay");
            t.setDaemon(true);
            return t;
        });
        SimpleAsyncTaskExecutor subscriptionThread = new SimpleAsyncTaskExecutor("live-relay-subscription-");
        subscriptionThread.setDaemon(true);
        this.container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setSubscriptionExecutor(subscriptionThread);
        container.setTaskExecutor(new SyncTaskExecutor()); // onMessage only hands over: no thread per message, order kept
        container.setRecoveryInterval(TimeUnit.SECONDS.toMillis(RESUBSCRIBE_SECONDS));
        container.afterPropertiesSet();
        container.addMessageListener(this, new ChannelTopic(channel)); // subscribed when started
    }

    @Override
    public void attach(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void publish(List<LiveEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        try {
            worker.execute(() -> {
                queued.decrementAndGet();
                send(events);
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet(); // shutting down
        }
    }

    private void send(List<LiveEvent> events) {
        try {
            redis.convertAndSend(channel, write(events));
            if (failing) {
                failing = false;
                LOG.info("Live feed: publishing to Redis channel {} again", channel);
            }
        } catch (RuntimeException | JsonProcessingException e) {
            dropped.increment();
            if (!failing) {
                failing = true;
                LOG.warn("Live feed: events not published to Redis channel {} ({}); the other instances' streams miss "
                        + "this instance's vehicles until it answers (counted: deepseaguard.live.dropped, where=relay)",
                        channel, e.toString());
            }
        }
    }

    /** The message of one batch. */
    String write(List<LiveEvent> events) throws JsonProcessingException {
        ObjectNode message = json.createObjectNode().put("instance", instance);
        ArrayNode list = message.putArray("events");
        for (LiveEvent event : events) {
            list.addObject().put("event", event.name()).put("auv_id", event.auvId()).put("data", event.data());
        }
        return json.writeValueAsString(message);
    }

    /** A message on the channel: another instance's events to this instance's streams, our own ignored. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        LiveFeed target = feed;
        if (target == null || target.clients() == 0) {
            return; // nobody watches here
        }
        List<LiveEvent> events = read(message.getBody());
        if (!events.isEmpty()) {
            target.relayed(events);
        }
    }

    /** The events of a message from another instance; none for our own or an unreadable one. */
    List<LiveEvent> read(byte[] body) {
        try {
            JsonNode message = json.readTree(body);
            if (instance.equals(message.path("instance").textValue())) {
                return List.of();
            }
            List<LiveEvent> events = new ArrayList<>();
            for (JsonNode event : message.path("events")) {
                String name = event.path("event").textValue();
                String data = event.path("data").textValue();
                if (name != null && data != null && RELAYED.contains(name)) {
                    events.add(new LiveEvent(name, event.path("auv_id").textValue(), data));
                }
            }
            return events;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Live feed: an unreadable message on Redis channel {} ignored ({})", channel, e.toString());
            return List.of();
        }
    }

    /** Subscribes on the relay's thread, so a Redis away at startup delays nothing. */
    @Override
    public void start() {
        running = true;
        try {
            worker.execute(this::subscribe);
        } catch (RejectedExecutionException e) {
            running = false;
        }
    }

    private void subscribe() {
        if (!running) {
            return;
        }
        try {
            container.start(); // waits for the subscription up to 2 s; after that the container keeps it
            LOG.info("Live feed: relaying between instances on Redis channel {} (this instance: {})", channel, instance);
        } catch (RuntimeException e) {
            container.stop(); // so that the next start() tries again
            LOG.warn("Live feed: cannot subscribe to Redis channel {} ({}); the streams here show this instance's "
                    + "vehicles only; trying again in {} s", channel, e.toString(), RESUBSCRIBE_SECONDS);
            try {
                worker.schedule(this::subscribe, RESUBSCRIBE_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // destroyed meanwhile
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() throws Exception {
        stop();
        worker.shutdownNow();
        container.destroy();
    }

    /** Whether the subscription to the channel is up now. */
    public boolean listening() {
        return container.isListening();
    }

    /** The Redis channel: {@code <key prefix>live}. */
    public String channel() {
        return channel;
    }

    /** The name this instance puts in its messages. */
    public String instance() {
        return instance;
    }
}
