package org.deepseaguard.hub.api;

import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.SubscriptionService;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/subscriptions}: alert subscriptions (docs/alerts.md). Secrets are write-only: an
 * answer says {@code secret_set}.
 */
@Component
public class SubscriptionApi {

    private final SubscriptionService subscriptions;
    private final RequestJson requestJson;

    public SubscriptionApi(SubscriptionService subscriptions, RequestJson requestJson) {
        this.subscriptions = subscriptions;
        this.requestJson = requestJson;
    }

    /** Every subscription, by id (a JSON array, as {@code GET /rules}). */
    public ApiResponse list() {
        subscriptions.reload();
        return ApiResponse.ok(subscriptions.all());
    }

    public ApiResponse get(String subscriptionId) {
        return ApiResponse.ok(subscriptions.get(subscriptionId));
    }

    /** 201 with the subscription; 409 when the id is taken. */
    public ApiResponse create(byte[] body, AuditActor actor) {
        return ApiResponse.created(subscriptions.create(requestJson.parseObject(body), actor));
    }

    /** 200 with the subscription; without {@code secret} the stored one is kept. */
    public ApiResponse update(String subscriptionId, byte[] body, AuditActor actor) {
        return ApiResponse.ok(subscriptions.update(subscriptionId, requestJson.parseObject(body), actor));
    }

    public ApiResponse delete(String subscriptionId, AuditActor actor) {
        subscriptions.delete(subscriptionId, actor);
        return ApiResponse.noContent();
    }
}
