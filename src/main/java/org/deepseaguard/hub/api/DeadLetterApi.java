package org.deepseaguard.hub.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.deadletter.DeadLetterService.ReplayResult;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * {@code /dead-letters}: list and read what the dead-letter channel parked, replay one or all
 * (docs/messaging.md, "Dead letters").
 */
@Component
public class DeadLetterApi {

    private final DeadLetterService deadLetters;

    public DeadLetterApi(DeadLetterService deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** {@code GET /dead-letters?replayed=&limit=&offset=}: {@code {"dead_letters":[...],"total":N}}, oldest first. */
    public ApiResponse list(Map<String, Object> headers) {
        QueryParams params = new QueryParams(headers);
        Boolean replayed = params.oneOf("replayed", DeadLetterApi::bool, "true, false");
        int limit = params.limit();
        int offset = params.offset();
        params.check();
        DeadLetterService.Page page = deadLetters.list(replayed, limit, offset);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dead_letters", page.deadLetters());
        body.put("total", page.total());
        return ApiResponse.ok(body);
    }

    /** {@code GET /dead-letters/{id}}. */
    public ApiResponse get(String id) {
        long key = id(id);
        return ApiResponse.ok(deadLetters.find(key).orElseThrow(() -> new NotFoundException("dead letter", id)));
    }

    /** {@code POST /dead-letters/{id}/replay}: {@code {"id","status":"replayed|failed","reason"}}. */
    public ApiResponse replay(String id, AuditActor actor) {
        return ApiResponse.ok(result(deadLetters.replay(id(id), actor)));
    }

    /** {@code POST /dead-letters/replay}: {@code {"replayed":N,"failed":M,"results":[...]}}. */
    public ApiResponse replayAll(AuditActor actor) {
        List<ReplayResult> results = deadLetters.replayAll(actor);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", results.stream().filter(ReplayResult::succeeded).count());
        body.put("failed", results.stream().filter(r -> !r.succeeded()).count());
        body.put("results", results.stream().map(DeadLetterApi::result).toList());
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> result(ReplayResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", result.id());
        body.put("status", result.status());
        if (result.reason() != null) {
            body.put("reason", result.reason());
        }
        return body;
    }

    private static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(List.of(new FieldError("id", "must be a positive integer")));
    }

    private static Boolean bool(String text) {
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
