package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StreamCache;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.AuditLog;
import org.deepseaguard.hub.service.ConflictException;
import org.deepseaguard.hub.service.NotFoundException;
import org.deepseaguard.hub.service.PipelineMeters.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Parks dead letters (table {@code dead_letters}) and replays them.
 *
 * <p>Parking stores the original payload as readable text (and its exact bytes in base64 when the
 * text is not exact: a NUL byte, invalid UTF-8, cut; {@link DeadLetterContent}), its simple headers as
 * JSON, the reason and where it failed (each value made to fit its column, so storing never fails on
 * content), and the endpoint a replay must go to: the one the route declared in exchange property
 * {@link DeadLetterHeaders#REPLAY_ENDPOINT_PROPERTY} (the broker ingest routes declare
 * {@code direct:telemetry-ingest}), else the {@code direct:}/{@code seda:} endpoint the failed exchange
 * started from; a message from anything else (a timer, a YAML route's own broker consumer) is kept
 * but cannot be replayed.
 *
 * <p>A replay first claims its row atomically (column {@code replay_claimed_at}), then sends the
 * stored payload (the original bytes when kept) to that endpoint with header
 * {@code deepseaguard_source=replay} and {@link DeadLetterHeaders#REPLAY_OF}. Only if it went through
 * is the row marked replayed (kept as evidence); if it fails again, the dead-letter channel updates
 * the same row with the new reason instead of adding one, the claim is released and the row stays
 * replayable. Thread-safe; safe across hub instances sharing the database.
 *
 * <p>Meters (docs/metrics.md): {@code deepseaguard.dead_letters.parked{channel}}, letters given a row
 * by this instance, by the input they came by ({@link Channel}; {@code route} for any other route);
 * {@code deepseaguard.dead_letters.pending}, the rows not replayed, counted in the database every
 * {@code deepseaguard.dead-letter.count-interval} (route {@code dead-letter-count}) and kept current
 * in between by this instance's parks and replays; {@code deepseaguard.dead_letters.store.failures}.
 */
@Service
public class DeadLetterService {

    /** Entry of the telemetry pipeline (docs/INTERNAL-CONTRACT.md), where replays of broker fixes go. */
    public static final String TELEMETRY_INGEST = "direct:telemetry-ingest";
    /** Exchange property set by {@link #park} when a replayed message failed again: the new reason. */
    public static final String REPLAY_FAILED = "deepseaguard.replayFailed";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);

    private final DeadLetterStore store;
    private final DeadLetterProperties properties;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final Counter storeFailures;
    private final Counter[] parked = new Counter[Channel.values().length];
    /** Rows not replayed; -1 until first counted (the gauge then reads NaN). */
    private final AtomicLong pending = new AtomicLong(-1);

    public DeadLetterService(DeadLetterStore store, DeadLetterProperties properties,
            ProducerTemplate producer, ObjectMapper json, ObjectProvider<Clock> clock, MeterRegistry meters,
            AuditLog audit) {
        this.store = store;
        this.properties = properties;
        this.producer = producer;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.audit = audit;
        this.storeFailures = Counter.builder("deepseaguard.dead_letters.store.failures")
                .description("dead letters whose row could not be written (parked on the broker's DLQ only)")
                .register(meters);
        for (Channel channel : Channel.values()) {
            parked[channel.ordinal()] = Counter.builder("deepseaguard.dead_letters.parked")
                    .description("dead letters stored in table dead_letters (replays that fail again update their row, "
                            + "not counted), by the input they came by")
                    .tag("channel", channel.tag()).register(meters);
        }
        Gauge.builder("deepseaguard.dead_letters.pending", pending, p -> p.get() < 0 ? Double.NaN : p.get())
                .description("dead letters in table dead_letters not replayed yet (all instances)")
                .register(meters);
    }

    /** Outcome of one replay: {@code status} is {@code replayed} or {@code failed} (then with the reason). */
    public record ReplayResult(long id, String status, String reason) {
        static ReplayResult replayed(long id) {
            return new ReplayResult(id, "replayed", null);
        }

        static ReplayResult failed(long id, String reason) {
            return new ReplayResult(id, "failed", reason);
        }

        public boolean succeeded() {
            return "replayed".equals(status);
        }
    }

    /** One page of dead letters and the number of rows matching the filter. */
    public record Page(List<DeadLetter> deadLetters, long total) {
    }

    /**
     * Called by route {@code dead-letter-park} with the original message and the stamped headers. A
     * new dead letter gets a row and header {@link DeadLetterHeaders#ID} (then it is published to the
     * DLQ); a failed replay updates its row and sets {@link #REPLAY_FAILED}.
     */
    public void park(Exchange exchange) {
        Message message = exchange.getMessage();
        String reason = message.getHeader(DeadLetterHeaders.REASON, String.class);
        Throwable caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (reason == null) {
            reason = caught != null ? DeadLetterStamper.reason(caught)
                    : "delivery failed repeatedly and was given up (no exception recorded)";
        }
        String exceptionClass = message.getHeader(DeadLetterHeaders.EXCEPTION_CLASS, String.class);
        if (exceptionClass == null && caught != null) {
            exceptionClass = caught.getClass().getName();
        }
        String routeId = message.getHeader(DeadLetterHeaders.ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
        }
        Long replayOf = exchange.getProperty(DeadLetterHeaders.REPLAY_OF_PROPERTY, Long.class);
        if (replayOf != null) {
            store.markReplayFailed(replayOf, routeId, reason, exceptionClass);
            exchange.setProperty(REPLAY_FAILED, reason);
            LOG.warn("Replay of dead letter {} failed again in route {}: {}", replayOf, routeId, reason);
            return;
        }
        String source = message.getHeader(DeadLetterHeaders.SOURCE, exchange.getFromRouteId(), String.class);
        long id = store.insert(clock.instant(), source, routeId, reason, exceptionClass,
                payloadBytes(message), simpleHeaders(message), replayEndpoint(exchange));
        message.setHeader(DeadLetterHeaders.ID, id);
        parked[Channel.of(source).ordinal()].increment();
        pending.updateAndGet(n -> n < 0 ? n : n + 1);
        LOG.warn("Dead letter {} parked (source {}, route {}): {}", id, source, routeId, reason);
    }

    /**
     * Called by route {@code dead-letter-park} when {@link #park} failed (the database is down or
     * refuses the row). With a durable DLQ (a broker queue, {@link DeadLetterProperties#durableEndpoint})
     * the message is marked {@link DeadLetterHeaders#STORED} {@code false} with the
     * {@link DeadLetterHeaders#STORE_ERROR} and then published there alone, so the consumer can
     * acknowledge it: the DLQ message is its record. With an in-process DLQ the failure is rethrown and
     * the consumer does not acknowledge (HTTP answers 5xx): nothing is acknowledged that nothing keeps.
     */
    public void storeFailed(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            failure = new IllegalStateException("the dead letter could not be stored (no exception recorded)");
        }
        storeFailures.increment();
        if (!properties.durableEndpoint()) {
            LOG.error("Dead letter could not be stored and the DLQ {} is not durable: the consumer is not acknowledged",
                    properties.endpoint(), failure);
            throw failure;
        }
        Message message = exchange.getMessage();
        String storeError = DeadLetterStamper.reason(failure);
        message.setHeader(DeadLetterHeaders.STORED, false);
        message.setHeader(DeadLetterHeaders.STORE_ERROR, storeError);
        if (message.getHeader(DeadLetterHeaders.REASON) == null) {
            message.setHeader(DeadLetterHeaders.REASON, "unknown failure");
        }
        Long replayOf = exchange.getProperty(DeadLetterHeaders.REPLAY_OF_PROPERTY, Long.class);
        if (replayOf != null) {
            exchange.setProperty(REPLAY_FAILED, message.getHeader(DeadLetterHeaders.REASON, String.class));
        }
        LOG.error("Dead letter could not be stored ({}); parked on {} only, reason: {}", storeError, properties.endpoint(),
                message.getHeader(DeadLetterHeaders.REASON));
    }

    /** Called when publishing a STORED dead letter to the DLQ failed: the row is its record, so this only logs. */
    public void publishFailed(Exchange exchange) {
        Exception failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Dead letter {} is stored but could not be published to {}: {}",
                exchange.getMessage().getHeader(DeadLetterHeaders.ID), properties.endpoint(), String.valueOf(failure));
    }

    /**
     * Counts the rows not replayed (gauge {@code deepseaguard.dead_letters.pending}), which other
     * instances may have added or replayed; called by route {@code dead-letter-count}. A failure
     * leaves the last count (logged at debug; the database being away shows elsewhere).
     */
    public void countPending() {
        try {
            pending.set(store.count(false));
        } catch (RuntimeException e) {
            LOG.debug("Could not count the pending dead letters: {}", e.toString());
        }
    }

    public Page list(Boolean replayed, int limit, int offset) {
        return new Page(store.list(replayed, limit, offset), store.count(replayed));
    }

    public Optional<DeadLetter> find(long id) {
        return store.find(id);
    }

    /**
     * Replays one dead letter. The row is first claimed atomically ({@link DeadLetterStore#claimReplay}):
     * of concurrent replays of one row, on any number of instances, exactly one sends; the others get
     * a conflict.
     *
     * @param actor who asked (audit log: one {@code dead_letter_replayed} entry per replay sent)
     * @throws NotFoundException when there is no such row
     * @throws ConflictException when it was already replayed, is being replayed, or cannot be replayed
     */
    public ReplayResult replay(long id, AuditActor actor) {
        DeadLetter deadLetter = store.find(id).orElseThrow(() -> new NotFoundException("dead letter", String.valueOf(id)));
        if (deadLetter.isReplayed()) {
            throw alreadyReplayed(deadLetter);
        }
        if (deadLetter.replayEndpoint() == null) {
            throw new ConflictException("dead letter " + id + " came from route " + deadLetter.routeId()
                    + ", which has no replay endpoint", List.of(new FieldError("id", "not replayable")));
        }
        if (deadLetter.replayBody() == null && deadLetter.payloadSize() != null) {
            throw new ConflictException("dead letter " + id + " is larger than this store keeps (" + deadLetter.payloadNote()
                    + ")", List.of(new FieldError("id", "not replayable: original only on the broker's DLQ")));
        }
        if (!claim(id)) {
            DeadLetter now = store.find(id).orElse(deadLetter);
            if (now.isReplayed()) {
                throw alreadyReplayed(now);
            }
            throw new ConflictException("dead letter " + id + " is being replayed (claimed at " + now.replayClaimedAt() + ")",
                    List.of(new FieldError("id", "replay in progress")));
        }
        return send(deadLetter, actor);
    }

    private static ConflictException alreadyReplayed(DeadLetter deadLetter) {
        return new ConflictException("dead letter " + deadLetter.id() + " was already replayed at " + deadLetter.replayedAt(),
                List.of(new FieldError("id", "already replayed")));
    }

    private boolean claim(long id) {
        Instant now = clock.instant();
        return store.claimReplay(id, now, now.minus(properties.replayClaimTimeout()));
    }

    /**
     * Replays every replayable dead letter not yet replayed, oldest first (so one vehicle's fixes go
     * through in the order they failed), and says how each went.
     */
    public List<ReplayResult> replayAll(AuditActor actor) {
        List<ReplayResult> results = new ArrayList<>();
        long after = 0;
        List<DeadLetter> page;
        do {
            page = store.pendingAfter(after, properties.replayBatchSize());
            for (DeadLetter deadLetter : page) {
                // a row another replay holds is skipped; one too large to replay from here too
                if (deadLetter.replayEndpoint() != null && deadLetter.replayBody() != null && claim(deadLetter.id())) {
                    results.add(send(deadLetter, actor));
                }
                after = deadLetter.id();
            }
        } while (!page.isEmpty());
        return results;
    }

    /**
     * Sends a claimed row; the claim ends with the row marked replayed or failed (or released on a
     * surprise). The outcome is audited ({@code dead_letter_replayed}); a success in the transaction
     * that marks the row.
     */
    private ReplayResult send(DeadLetter deadLetter, AuditActor actor) {
        long id = deadLetter.id();
        Exchange result;
        try {
            // InOut: a seda: endpoint answers only when its consumer is done, so "replayed" means delivered
            result = producer.send(deadLetter.replayEndpoint(), ExchangePattern.InOut, exchange -> {
                exchange.setProperty(DeadLetterHeaders.REPLAY_OF_PROPERTY, id);
                exchange.getMessage().setBody(deadLetter.replayBody());
                exchange.getMessage().setHeader(DeadLetterHeaders.INGEST_SOURCE, "replay");
                exchange.getMessage().setHeader(DeadLetterHeaders.REPLAY_OF, id);
            });
        } catch (RuntimeException e) {
            store.releaseClaim(id);
            throw e;
        }
        Exception unhandled = result.getException();
        if (unhandled != null) {
            String reason = DeadLetterStamper.reason(unhandled);
            store.markReplayFailed(id, result.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class),
                    reason, unhandled.getClass().getName());
            LOG.warn("Replay of dead letter {} failed: {}", id, reason);
            audit.record(actor, AuditLog.DEAD_LETTER_REPLAYED, replayAudited(deadLetter, "failed", reason));
            return ReplayResult.failed(id, reason);
        }
        String failedAgain = result.getProperty(REPLAY_FAILED, String.class);
        if (failedAgain != null) {
            audit.record(actor, AuditLog.DEAD_LETTER_REPLAYED, replayAudited(deadLetter, "failed", failedAgain));
            return ReplayResult.failed(id, failedAgain);
        }
        audit.inTransaction(() -> {
            store.markReplayed(id, clock.instant());
            audit.record(actor, AuditLog.DEAD_LETTER_REPLAYED, replayAudited(deadLetter, "replayed", null));
            return null;
        });
        pending.updateAndGet(n -> n <= 0 ? n : n - 1);
        LOG.info("Dead letter {} replayed to {}", id, deadLetter.replayEndpoint());
        return ReplayResult.replayed(id);
    }

    private static Map<String, Object> replayAudited(DeadLetter deadLetter, String outcome, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("dead_letter_id", deadLetter.id());
        payload.put("outcome", outcome);
        payload.put("reason", reason);
        payload.put("replay_endpoint", deadLetter.replayEndpoint());
        payload.put("source", deadLetter.source());
        payload.put("route_id", deadLetter.routeId());
        return payload;
    }

    private static String replayEndpoint(Exchange exchange) {
        String declared = exchange.getProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, String.class);
        if (declared != null) {
            return declared;
        }
        Endpoint from = exchange.getFromEndpoint();
        if (from != null) {
            String uri = from.getEndpointUri();
            boolean internal = uri.startsWith("direct:") || uri.startsWith("seda:");
            if (internal && !uri.startsWith("direct://dead-letter-park")) {
                return uri;
            }
        }
        return null;
    }

    /** The payload as it arrived: bytes as they are, text as UTF-8, any other body as JSON. */
    private byte[] payloadBytes(Message message) {
        Object body = message.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream || body instanceof StreamCache) {
            byte[] bytes = message.getBody(byte[].class);
            if (body instanceof StreamCache cache) {
                cache.reset();
            }
            return bytes;
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> simpleHeaders(Message message) {
        Map<String, Object> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                headers.put(name, value);
            } else if (value instanceof Date || value instanceof Instant) {
                headers.put(name, value.toString());
            }
        });
        return headers;
    }
}
