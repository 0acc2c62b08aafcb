package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import org.deepseaguard.core.io.TelemetryReader;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Component;

/**
 * The validate step of the pipeline: one fix in any wire form (String, byte[], InputStream,
 * JsonNode, Map) to a validated {@link Telemetry}. Unparseable or invalid input throws
 * {@link InvalidInputException} (never retried; brokers dead-letter it with the reason).
 */
@Component
public class TelemetryIntake {

    private final ObjectMapper json;
    private final ObjectReader reader;
    private final Clock clock;
    private final Duration maxFuture;

    public TelemetryIntake(ObjectMapper json, ObjectReader inputReader, Clock clock, DeepSeaGuardProperties properties) {
        this.json = json;
        this.reader = inputReader;
        this.clock = clock;
        this.maxFuture = properties.telemetry().maxFuture();
    }

    public Telemetry read(Object body) {
        TelemetryReader.Result result = TelemetryReader.read(toJson(body), clock.instant(), maxFuture);
        if (!result.isValid()) {
            throw new InvalidInputException(result.errors());
        }
        return result.fix();
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
