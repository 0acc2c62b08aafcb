package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.service.TelemetryGateway;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/telemetry}: one fix (an object), a batch (a JSON array) or NDJSON (content
 * type {@code application/x-ndjson}, or a body of several lines that is not one JSON value).
 * Every fix goes through the pipeline; in a batch, each refused item is reported by its index
 * and the others are taken.
 */
@Component
public class TelemetryApi {

    /** The answer to one fix. */
    public record Accepted(String status, String auvId) {
    }

    /** The answer to a batch. */
    public record BatchResult(int accepted, List<Rejected> rejected) {
    }

    /** One refused batch item. */
    public record Rejected(int index, List<FieldError> errors) {
    }

    private final RequestJson requestJson;
    private final TelemetryGateway gateway;

    public TelemetryApi(RequestJson requestJson, TelemetryGateway gateway) {
        this.requestJson = requestJson;
        this.gateway = gateway;
    }

    public ApiResponse post(byte[] body, String contentType) {
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-ndjson")) {
            List<Object> lines = ndjson(body);
            if (lines.stream().noneMatch(JsonNode.class::isInstance)) {
                throw new MalformedBodyException(lines.isEmpty() ? "the request body is empty"
                        : "no line of the NDJSON body is JSON: " + lines.get(0));
            }
            return batch(lines);
        }
        JsonNode node;
        try {
            node = requestJson.parse(body);
        } catch (MalformedBodyException e) {
            List<Object> lines = ndjson(body);
            if (lines.size() < 2 || lines.stream().noneMatch(JsonNode.class::isInstance)) {
                throw e;
            }
            return batch(lines);
        }
        if (node.isObject()) {
            gateway.submit(node, "http");
            return ApiResponse.accepted(new Accepted("accepted", node.get("auv_id").asText()));
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(items::add);
            return batch(items);
        }
        throw new MalformedBodyException("the body must be a fix (JSON object), an array of fixes or NDJSON");
    }

    /** Items are parsed fixes (JsonNode) or the reason a line could not be parsed (String). */
    private ApiResponse batch(List<Object> items) {
        int accepted = 0;
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof String reason) {
                rejected.add(new Rejected(i, List.of(new FieldError("body", reason))));
                continue;
            }
            try {
                gateway.submit(item, "http");
                accepted++;
            } catch (InvalidInputException e) {
                rejected.add(new Rejected(i, e.errors()));
            }
        }
        return ApiResponse.accepted(new BatchResult(accepted, rejected));
    }

    private List<Object> ndjson(byte[] body) {
        List<Object> items = new ArrayList<>();
        if (body == null) {
            return items;
        }
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(requestJson.parse(line.getBytes(StandardCharsets.UTF_8)));
            } catch (MalformedBodyException e) {
                items.add(e.getMessage());
            }
        }
        return items;
    }
}
