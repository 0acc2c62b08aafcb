package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deepseaguard.core.io.TelemetryReader;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Component;

/**
 * The validate step of the pipeline: a message body to a {@link TelemetryBatch}.
 * <ul>
 * <li>One fix in any wire form (String, byte[], InputStream, JsonNode object, Map): a batch of one;
 * unparseable or invalid input throws {@link InvalidInputException} (never retried; brokers
 * dead-letter it with the reason, HTTP answers 400).</li>
 * <li>A batch (a {@link Collection} of such items, or a JSON array): every item is validated on its
 * own, refused items are reported by index and the others go on. An item may be an
 * {@link Unparseable} (a line the caller could not parse), refused with its reason.</li>
 * </ul>
 * Besides {@link TelemetryReader}'s checks, a fix older than the fix log's retention is refused
 * (the log can no longer tell whether it was seen), and timestamps are kept to the microsecond
 * (what the databases store). Counts what it reads and refuses by channel ({@link PipelineMeters}).
 * Stateless and thread-safe.
 */
@Component
public class TelemetryIntake {

    /** A batch item its caller could not parse, with the reason. */
    public record Unparseable(String reason) {
    }

    private final ObjectMapper json;
    private final ObjectReader reader;
    private final Clock clock;
    private final Duration maxFuture;
    private final Duration retention;
    private final PipelineMeters meters;

    public TelemetryIntake(ObjectMapper json, ObjectReader inputReader, Clock clock, DeepSeaGuardProperties properties,
                           PipelineMeters meters) {
        this.json = json;
        this.reader = inputReader;
        this.clock = clock;
        this.maxFuture = properties.telemetry().maxFuture();
        this.retention = properties.telemetry().retention();
        this.meters = meters;
    }

    public TelemetryBatch read(Object body, String source) {
        PipelineMeters.Channel channel = PipelineMeters.Channel.of(source);
        TelemetryBatch batch;
        try {
            batch = readBatch(body, source);
        } catch (InvalidInputException e) {
            // one message refused whole: one item read, refused
            meters.read(channel, 1, 1);
            throw e;
        }
        meters.read(channel, batch.received(), batch.rejected().size());
        return batch;
    }

    private TelemetryBatch readBatch(Object body, String source) {
        Instant now = clock.instant();
        if (body instanceof Collection<?> items) {
            return batch(items, source, now);
        }
        JsonNode node = toJson(body);
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(items::add);
            return batch(items, source, now);
        }
        List<FieldError> errors = new ArrayList<>();
        Telemetry fix = validate(node, now, errors);
        if (fix == null) {
            throw new InvalidInputException(errors);
        }
        return new TelemetryBatch(List.of(fix), 1, List.of(), source);
    }

    private TelemetryBatch batch(Collection<?> items, String source, Instant now) {
        List<Telemetry> fixes = new ArrayList<>(items.size());
        List<TelemetryBatch.Rejected> rejected = new ArrayList<>();
        int index = 0;
        for (Object item : items) {
            List<FieldError> errors = new ArrayList<>();
            Telemetry fix = null;
            if (item instanceof Unparseable u) {
                errors.add(new FieldError("body", u.reason()));
            } else {
                try {
                    fix = validate(toJson(item), now, errors);
                } catch (InvalidInputException e) {
                    errors.addAll(e.errors());
                }
            }
            if (fix != null) {
                fixes.add(fix);
            } else {
                rejected.add(new TelemetryBatch.Rejected(index, errors));
            }
            index++;
        }
        return new TelemetryBatch(fixes, items.size(), rejected, source);
    }

    private Telemetry validate(JsonNode node, Instant now, List<FieldError> errors) {
        TelemetryReader.Result result = TelemetryReader.read(node, now, maxFuture);
        if (!result.isValid()) {
            errors.addAll(result.errors());
            return null;
        }
        Telemetry fix = result.fix();
        if (fix.timestamp().isBefore(now.minus(retention))) {
            errors.add(new FieldError("timestamp", "is older than the fix log's retention of " + retention));
            return null;
        }
        if (fix.timestamp().getNano() % 1000 != 0) {
            // kept to the microsecond, as the databases store it: the fix log and the state rebuilt from it agree
            fix = new Telemetry(fix.auvId(), fix.timestamp().truncatedTo(ChronoUnit.MICROS), fix.latitude(),
                    fix.longitude(), fix.depth(), fix.heading(), fix.speed(), fix.battery(), fix.missionId());
        }
        return fix;
    }

    /**
     * NDJSON as a batch: one item per non-blank line, the parsed JSON or, for a line that is not
     * JSON, an {@link Unparseable} with the reason (refused by index, the others go on).
     */
    public List<Object> ndjson(String body) {
        List<Object> items = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(reader.readTree(line));
            } catch (JsonProcessingException e) {
                items.add(new Unparseable("malformed JSON: " + e.getOriginalMessage()));
            }
        }
        return items;
    }

    private JsonNode toJson(Object body) {
        try {
            JsonNode node;
            if (body == null || body instanceof JsonNode) {
                node = (JsonNode) body;
            } else if (body instanceof String s) {
                node = reader.readTree(s);
            } else if (body instanceof byte[] b) {
                node = reader.readTree(b);
            } else if (body instanceof InputStream in) {
                node = reader.readTree(in);
            } else {
                node = json.valueToTree(body);
            }
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("body", "the message is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("body", "unreadable message: " + e.getMessage());
        }
    }
}
