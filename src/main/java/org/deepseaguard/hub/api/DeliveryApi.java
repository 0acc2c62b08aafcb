package org.deepseaguard.hub.api;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.hub.service.NotFoundException;
import org.deepseaguard.hub.store.DeliveryRepository;
import org.deepseaguard.hub.store.ViolationRepository;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/violations/{id}/deliveries}: the delivery log of a violation, every alert
 * delivery about it (its immediate alerts and the digests that list it) with every attempt.
 */
@Component
public class DeliveryApi {

    /** {@code {"violation_id","deliveries":[...]}} */
    public record Deliveries(String violationId, List<Delivery> deliveries) {
    }

    /** One delivery; {@code next_attempt_at} only while pending. */
    public record Delivery(String deliveryId, String kind, String subscriptionId, String channel, String target,
                           String transition, String status, Instant createdAt, Instant nextAttemptAt,
                           List<DeliveryRepository.Attempt> attempts) {
    }

    private final DeliveryRepository deliveries;
    private final ViolationRepository violations;

    public DeliveryApi(DeliveryRepository deliveries, ViolationRepository violations) {
        this.deliveries = deliveries;
        this.violations = violations;
    }

    /** 404 for an unknown violation; an empty list when no subscription was told. */
    public ApiResponse deliveries(String violationId) {
        if (violations.find(violationId).isEmpty()) {
            throw new NotFoundException("violation", violationId);
        }
        List<Delivery> logged = deliveries.forViolation(violationId).stream()
                .map(d -> new Delivery(d.deliveryId(), d.kind(), d.subscriptionId(), d.channel(), d.target(),
                        d.transition(), d.status(), d.createdAt(), d.nextAttemptAt(), d.attempts()))
                .toList();
        return ApiResponse.ok(new Deliveries(violationId, logged));
    }
}
