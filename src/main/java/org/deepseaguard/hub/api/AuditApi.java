package org.deepseaguard.hub.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.service.AuditLog;
import org.deepseaguard.hub.store.AuditLogRepository;
import org.deepseaguard.hub.store.Page;
import org.springframework.stereotype.Component;

/**
 * {@code GET /audit} and {@code GET /audit/verify}: the hash-chained audit log and its check
 * (docs/audit.md). Roles auditor and admin only ({@link ApiKeyFilter}). Thread-safe.
 */
@Component
public class AuditApi {

    /** {@code {"entries":[...],"total":N}}, ascending by seq. */
    public record Entries(List<AuditLog.Entry> entries, long total) {
    }

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code ?from&to&kind&limit&offset}: {@code from} inclusive, {@code to} exclusive, on {@code recorded_at}. */
    public ApiResponse list(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        String kind = p.text("kind");
        int limit = p.limit();
        int offset = p.offset();
        p.check();
        checkRange(from, to);
        Page<AuditLog.Entry> page = audit.find(new AuditLogRepository.Query(from, to, kind, limit, offset));
        return ApiResponse.ok(new Entries(page.items(), page.total()));
    }

    /** {@code ?from&to}: {@code {"ok":true,"entries":N}} or {@code {"ok":false,"entries":N,"first_bad":{"seq","reason"}}}. */
    public ApiResponse verify(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        p.check();
        checkRange(from, to);
        AuditLog.Verification result = audit.verify(from, to);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", result.ok());
        body.put("entries", result.entries());
        if (result.firstBad() != null) {
            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("seq", result.firstBad().seq());
            bad.put("reason", result.firstBad().reason());
            body.put("first_bad", bad);
        }
        return ApiResponse.ok(body);
    }

    private static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException(List.of(new FieldError("to", "must be after from")));
        }
    }
}
