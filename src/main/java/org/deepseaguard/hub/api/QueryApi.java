package org.deepseaguard.hub.api;

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
import org.deepseaguard.hub.store.ViolationRepository;
import org.springframework.stereotype.Component;

/** {@code GET /violations} and {@code GET /events}: filtered, newest first, paginated. */
@Component
public class QueryApi {

    /** {@code {"violations":[...],"total":N}} */
    public record Violations(List<Violation> violations, long total) {
    }

    /** {@code {"events":[...],"total":N}} */
    public record Events(List<ZoneEvent> events, long total) {
    }

    private final ViolationRepository violations;
    private final EventRepository events;

    public QueryApi(ViolationRepository violations, EventRepository events) {
        this.violations = violations;
        this.events = events;
    }

    public ApiResponse violations(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        var q = new ViolationRepository.Query(p.text("auv_id"), p.text("zone_id"), p.text("rule_id"),
                p.oneOf("severity", Severity::fromWire, "critical, warning, info"),
                p.oneOf("status", QueryApi::status, "open, closed"),
                p.instant("since"), p.instant("until"), p.limit(), p.offset());
        p.check();
        checkRange(q.since(), q.until());
        Page<Violation> page = violations.find(q);
        return ApiResponse.ok(new Violations(page.items(), page.total()));
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
