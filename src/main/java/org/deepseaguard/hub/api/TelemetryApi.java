package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.deepseaguard.hub.service.TelemetryIntake;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/telemetry}, around the pipeline (route {@code api-telemetry-post}):
 * {@link #decode} turns the body into what {@code direct:telemetry-ingest} takes (one fix, an
 * object; or a batch: a JSON array, or NDJSON: content type {@code application/x-ndjson}, or a body
 * of several lines that is not one JSON value), {@link #answer} turns the pipeline's
 * {@link BatchResult} into the 202 answer. A whole request is one batch; a request with more than
 * {@code deepseaguard.telemetry.max-fixes-per-request} items gets 413.
 */
@Component
public class TelemetryApi {

    /** Rejections listed in the answer to a batch; the total is always given. */
    static final int MAX_LISTED_REJECTIONS = 100;

    /** The answer to one fix. */
    public record Accepted(String status, String auvId) {
    }

    /**
     * The answer to a batch: {@code accepted} (applied, late and duplicate fixes), of which
     * {@code duplicates} were taken before; {@code rejectedCount} items refused, the first
     * {@value #MAX_LISTED_REJECTIONS} listed in {@code rejected} by index.
     */
    public record BatchAnswer(int accepted, int duplicates, int rejectedCount, List<TelemetryBatch.Rejected> rejected) {
    }

    private final RequestJson requestJson;
    private final int maxFixes;

    public TelemetryApi(RequestJson requestJson, DeepSeaGuardProperties properties) {
        this.requestJson = requestJson;
        this.maxFixes = properties.telemetry().maxFixesPerRequest();
    }

    /** The body as the pipeline takes it: a JSON object (one fix) or a list of items (a batch). */
    public Object decode(byte[] body, String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-ndjson")) {
            List<Object> lines = ndjson(body);
            if (lines.stream().noneMatch(JsonNode.class::isInstance)) {
                throw new MalformedBodyException(lines.isEmpty() ? "the request body is empty"
                        : "no line of the NDJSON body is JSON: " + ((TelemetryIntake.Unparseable) lines.get(0)).reason());
            }
            return limited(lines);
        }
        JsonNode node;
        try {
            node = requestJson.parse(body);
        } catch (MalformedBodyException e) {
            List<Object> lines = ndjson(body);
            if (lines.size() < 2 || lines.stream().noneMatch(JsonNode.class::isInstance)) {
                throw e;
            }
            return limited(lines);
        }
        if (node.isObject()) {
            return node;
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(items::add);
            return limited(items);
        }
        throw new MalformedBodyException("the body must be a fix (JSON object), an array of fixes or NDJSON");
    }

    /** The vehicle of a single fix ({@link #decode} gave a JSON object), or "" for a batch. */
    public static String singleFixAuvId(Object decoded) {
        return decoded instanceof JsonNode node ? node.path("auv_id").asText("") : "";
    }

    /** @param singleFixAuvId what {@link #singleFixAuvId} said of the request ("" for a batch) */
    public ApiResponse answer(BatchResult result, String singleFixAuvId) {
        if (!singleFixAuvId.isEmpty()) {
            return ApiResponse.accepted(new Accepted("accepted", singleFixAuvId));
        }
        List<TelemetryBatch.Rejected> rejected = result.rejected();
        return ApiResponse.accepted(new BatchAnswer(result.accepted(), result.duplicates(), rejected.size(),
                rejected.size() > MAX_LISTED_REJECTIONS ? rejected.subList(0, MAX_LISTED_REJECTIONS) : rejected));
    }

    private List<Object> limited(List<Object> items) {
        if (items.size() > maxFixes) {
            throw new TooManyFixesException(maxFixes);
        }
        return items;
    }

    /** Parsed lines (JsonNode) or the reason a line could not be parsed ({@link TelemetryIntake.Unparseable}). */
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
                items.add(new TelemetryIntake.Unparseable(e.getMessage()));
            }
            if (items.size() > maxFixes) {
                throw new TooManyFixesException(maxFixes);
            }
        }
        return items;
    }
}
