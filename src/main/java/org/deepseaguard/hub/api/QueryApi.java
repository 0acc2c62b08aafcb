package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.store.EventRepository;
import org.deepseaguard.hub.store.Page;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.ViolationService;
import org.deepseaguard.hub.store.ViolationRepository;
import org.springframework.stereotype.Component;

/**
 * {@code GET /violations} and {@code GET /events}: filtered, newest first, paginated; {@code POST
 * /violations/{id}/ack}.
 */
@Component
public class QueryApi {

    /** {@code {"violations":[...],"total":N}}, each with its {@code acknowledgement} (null when none) */
    public record Violations(List<ViolationService.AcknowledgedViolation> violations, long total) {
    }

    /** {@code {"events":[...],"total":N}} */
    public record Events(List<ZoneEvent> events, long total) {
    }

    private final ViolationService violations;
    private final EventRepository events;
    private final RequestJson requestJson;

    public QueryApi(ViolationService violations, EventRepository events, RequestJson requestJson) {
        this.violations = violations;
        this.events = events;
        this.requestJson = requestJson;
    }

    public ApiResponse violations(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        var q = new ViolationRepository.Query(p.text("auv_id"), p.text("zone_id"), p.text("rule_id"),
                p.oneOf("severity", Severity::fromWire, "critical, warning, info"),
                p.oneOf("status", QueryApi::status, "open, closed"),
                p.instant("since"), p.instant("until"), p.limit(), p.offset());
        p.check();
        checkRange(q.since(), q.until());
        Page<ViolationService.AcknowledgedViolation> page = violations.find(q);
        return ApiResponse.ok(new Violations(page.items(), page.total()));
    }

    /**
     * {@code POST /violations/{id}/ack} with an optional body {@code {"note":"..."}}: 200 with the
     * episode and the acknowledgement that stands (the first; repeating changes nothing).
     */
    public ApiResponse acknowledge(String violationId, byte[] body, AuditActor actor) {
        String note = null;
        if (body != null && body.length > 0) {
            JsonNode node = requestJson.parseObject(body);
            JsonNode given = node.get("note");
            if (given != null && !given.isNull()) {
                if (!given.isTextual()) {
                    throw new InvalidInputException(List.of(new FieldError("note", "must be a string")));
                }
                note = given.asText();
            }
        }
        return ApiResponse.ok(violations.acknowledge(violationId, actor, note));
    }

    public ApiResponse events(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        var q = new EventRepository.Query(p.text("auv_id"), p.text("zone_id"),
                p.oneOf("type", ZoneEvent.Type::fromWire, "zone_entry, zone_exit"),
                p.instant("since"), p.instant("until"), p.limit(), p.offset());
        p.check();
        checkRange(q.since(), q.until());
        Page<ZoneEvent> page = events.find(q);
        return ApiResponse.ok(new Events(page.items(), page.total()));
    }

    private static Violation.Status status(String s) {
        return switch (s.toLowerCase()) {
            case "open" -> Violation.Status.OPEN;
            case "closed" -> Violation.Status.CLOSED;
            default -> throw new IllegalArgumentException(s);
        };
    }

    private static void checkRange(Instant since, Instant until) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidInputException(List.of(new FieldError("until", "must be after since")));
        }
    }
}
