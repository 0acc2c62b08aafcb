package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StreamCache;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.hub.service.ConflictException;
import org.deepseaguard.hub.service.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Parks dead letters (table {@code dead_letters}) and replays them.
 *
 * <p>Parking stores the original payload as text, its simple headers as JSON, the reason and where
 * it failed, and the endpoint a replay must go to: the one the route declared in exchange property
 * {@link DeadLetterHeaders#REPLAY_ENDPOINT_PROPERTY} (the broker ingest routes declare
 * {@code direct:telemetry-ingest}), else the {@code direct:}/{@code seda:} endpoint the failed exchange
 * started from; a message from anything else (a timer, a YAML route's own broker consumer) is kept
 * but cannot be replayed.
 *
 * <p>A replay sends the stored payload to that endpoint with header {@code deepseaguard_source=replay}
 * and {@link DeadLetterHeaders#REPLAY_OF}. If it goes through, the row is marked replayed (kept as
 * evidence); if it fails again, the dead-letter channel updates the same row with the new reason
 * instead of adding one, and the row stays pending. Thread-safe.
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

    public DeadLetterService(DeadLetterStore store, DeadLetterProperties properties,
            ProducerTemplate producer, ObjectMapper json, ObjectProvider<Clock> clock) {
        this.store = store;
        this.properties = properties;
        this.producer = producer;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
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
        Long replayOf = message.getHeader(DeadLetterHeaders.REPLAY_OF, Long.class);
        if (replayOf != null) {
            store.markReplayFailed(replayOf, routeId, reason, exceptionClass);
            exchange.setProperty(REPLAY_FAILED, reason);
            LOG.warn("Replay of dead letter {} failed again in route {}: {}", replayOf, routeId, reason);
            return;
        }
        String source = message.getHeader(DeadLetterHeaders.SOURCE, exchange.getFromRouteId(), String.class);
        long id = store.insert(clock.instant(), source, routeId, reason, exceptionClass,
                payloadText(message), simpleHeaders(message), replayEndpoint(exchange));
        message.setHeader(DeadLetterHeaders.ID, id);
        LOG.warn("Dead letter {} parked (source {}, route {}): {}", id, source, routeId, reason);
    }

    public Page list(Boolean replayed, int limit, int offset) {
        return new Page(store.list(replayed, limit, offset), store.count(replayed));
    }

    public Optional<DeadLetter> find(long id) {
        return store.find(id);
    }

    /**
     * Replays one dead letter.
     *
     * @throws NotFoundException when there is no such row
     * @throws ConflictException when it was already replayed, or cannot be replayed
     */
    public ReplayResult replay(long id) {
        DeadLetter deadLetter = store.find(id).orElseThrow(() -> new NotFoundException("dead letter", String.valueOf(id)));
        if (deadLetter.isReplayed()) {
            throw new ConflictException("dead letter " + id + " was already replayed at " + deadLetter.replayedAt(),
                    List.of(new FieldError("id", "already replayed")));
        }
        if (deadLetter.replayEndpoint() == null) {
            throw new ConflictException("dead letter " + id + " came from route " + deadLetter.routeId()
                    + ", which has no replay endpoint", List.of(new FieldError("id", "not replayable")));
        }
        return send(deadLetter);
    }

    /**
     * Replays every replayable dead letter not yet replayed, oldest first (so one vehicle's fixes go
     * through in the order they failed), and says how each went.
     */
    public List<ReplayResult> replayAll() {
        List<ReplayResult> results = new ArrayList<>();
        long after = 0;
        List<DeadLetter> page;
        do {
            page = store.pendingAfter(after, properties.replayBatchSize());
            for (DeadLetter deadLetter : page) {
                if (deadLetter.replayEndpoint() != null) {
                    results.add(send(deadLetter));
                }
                after = deadLetter.id();
            }
        } while (!page.isEmpty());
        return results;
    }

    private ReplayResult send(DeadLetter deadLetter) {
        long id = deadLetter.id();
        Exchange result = producer.send(deadLetter.replayEndpoint(), exchange -> {
            exchange.getMessage().setBody(deadLetter.payload());
            exchange.getMessage().setHeader(DeadLetterHeaders.INGEST_SOURCE, "replay");
            exchange.getMessage().setHeader(DeadLetterHeaders.REPLAY_OF, id);
        });
        Exception unhandled = result.getException();
        if (unhandled != null) {
            String reason = DeadLetterStamper.reason(unhandled);
            store.markReplayFailed(id, result.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class),
                    reason, unhandled.getClass().getName());
            LOG.warn("Replay of dead letter {} failed: {}", id, reason);
            return ReplayResult.failed(id, reason);
        }
        String failedAgain = result.getProperty(REPLAY_FAILED, String.class);
        if (failedAgain != null) {
            return ReplayResult.failed(id, failedAgain);
        }
        store.markReplayed(id, clock.instant());
        LOG.info("Dead letter {} replayed to {}", id, deadLetter.replayEndpoint());
        return ReplayResult.replayed(id);
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

    private String payloadText(Message message) {
        Object body = message.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof String || body instanceof byte[] || body instanceof InputStream || body instanceof StreamCache) {
            return message.getBody(String.class);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
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
