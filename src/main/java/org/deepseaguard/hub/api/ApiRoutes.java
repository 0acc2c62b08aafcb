package org.deepseaguard.hub.api;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.deepseaguard.hub.routes.Headers;
import org.springframework.stereotype.Component;

/**
 * The HTTP API of DESIGN section 6 with the REST DSL on platform-http. Each operation is a
 * {@code direct:api-*} route that calls one method of a plain API bean and writes its
 * {@link ApiResponse}; errors become problem+json through the {@code api-errors} route configuration.
 */
@Component
public class ApiRoutes extends EndpointRouteBuilder {

    private static final String SINGLE_FIX_AUV_ID = "deepseaguardSingleFixAuvId";
    private static final String SENDER = "deepseaguardSender";

    private final ApiResponseWriter responseWriter;
    private final TelemetryApi telemetryApi;
    private static final String ACTOR = "${exchangeProperty." + RequestActor.PROPERTY + "}";

    private final SenderScopes senderScopes;
    private final RequestActor requestActor;

    public ApiRoutes(ApiResponseWriter responseWriter, TelemetryApi telemetryApi, SenderScopes senderScopes,
                     RequestActor requestActor) {
        this.responseWriter = responseWriter;
        this.telemetryApi = telemetryApi;
        this.senderScopes = senderScopes;
        this.requestActor = requestActor;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off).inlineRoutes(false);

        rest("/api/v1")
                .post("/telemetry").id("rest-telemetry-post").to(direct("api-telemetry-post"))
                .get("/auvs").id("rest-auvs-list").to(direct("api-auvs-list"))
                .post("/auvs").id("rest-auvs-register").to(direct("api-auvs-register"))
                .get("/auvs/{auv_id}").id("rest-auvs-get").to(direct("api-auvs-get"))
                .put("/auvs/{auv_id}").id("rest-auvs-put").to(direct("api-auvs-put"))
                .get("/auvs/{auv_id}/track").id("rest-auvs-track").to(direct("api-auvs-track"))
                .get("/auvs/{auv_id}/versions").id("rest-auvs-versions").to(direct("api-auvs-versions"))
                .get("/auvs/{auv_id}/versions/{version}").id("rest-auvs-version").to(direct("api-auvs-version"))
                .get("/zones").id("rest-zones-list").to(direct("api-zones-list"))
                .post("/zones").id("rest-zones-create").to(direct("api-zones-create"))
                .post("/zones/import").id("rest-zones-import").to(direct("api-zones-import"))
                .get("/zones/{zone_id}").id("rest-zones-get").to(direct("api-zones-get"))
                .put("/zones/{zone_id}").id("rest-zones-update").to(direct("api-zones-update"))
                .delete("/zones/{zone_id}").id("rest-zones-delete").to(direct("api-zones-delete"))
                .get("/zones/{zone_id}/auvs").id("rest-zones-occupants").to(direct("api-zones-occupants"))
                .get("/zones/{zone_id}/versions").id("rest-zones-versions").to(direct("api-zones-versions"))
                .get("/zones/{zone_id}/versions/{version}").id("rest-zones-version").to(direct("api-zones-version"))
                .get("/rules").id("rest-rules-list").to(direct("api-rules-list"))
                .post("/rules").id("rest-rules-create").to(direct("api-rules-create"))
                .get("/rules/{rule_id}").id("rest-rules-get").to(direct("api-rules-get"))
                .put("/rules/{rule_id}").id("rest-rules-update").to(direct("api-rules-update"))
                .delete("/rules/{rule_id}").id("rest-rules-delete").to(direct("api-rules-delete"))
                .get("/rules/{rule_id}/versions").id("rest-rules-versions").to(direct("api-rules-versions"))
                .get("/rules/{rule_id}/versions/{version}").id("rest-rules-version").to(direct("api-rules-version"))
                .get("/violations").id("rest-violations-list").to(direct("api-violations-list"))
                .post("/violations/{violation_id}/ack").id("rest-violations-ack").to(direct("api-violations-ack"))
                .get("/violations/{violation_id}/deliveries").id("rest-violations-deliveries").to(direct("api-violations-deliveries"))
                .get("/subscriptions").id("rest-subscriptions-list").to(direct("api-subscriptions-list"))
                .post("/subscriptions").id("rest-subscriptions-create").to(direct("api-subscriptions-create"))
                .get("/subscriptions/{subscription_id}").id("rest-subscriptions-get").to(direct("api-subscriptions-get"))
                .put("/subscriptions/{subscription_id}").id("rest-subscriptions-update").to(direct("api-subscriptions-update"))
                .delete("/subscriptions/{subscription_id}").id("rest-subscriptions-delete").to(direct("api-subscriptions-delete"))
                .get("/events").id("rest-events-list").to(direct("api-events-list"))
                .get("/reports/compliance").id("rest-reports-compliance").to(direct("api-reports-compliance"))
                .get("/evidence").id("rest-evidence").to(direct("api-evidence"))
                .get("/audit").id("rest-audit-list").to(direct("api-audit-list"))
                .get("/audit/verify").id("rest-audit-verify").to(direct("api-audit-verify"))
                .get("/status").id("rest-status").to(direct("api-status"));

        // a request is one batch: decode, the sender's vehicle scope (all or nothing), the pipeline
        // (judged, persisted, published), the answer
        from(direct("api-telemetry-post")).routeId("api-telemetry-post").routeConfigurationId("api-errors")
                .setProperty(SENDER, method(senderScopes, "sender")).id("api-telemetry-sender")
                .bean(telemetryApi, "decode(${bodyAs(byte[])}, ${header.Content-Type})").id("api-telemetry-decode")
                .bean(senderScopes, "check(${body}, ${exchangeProperty." + SENDER + "})").id("api-telemetry-scope")
                .setProperty(SINGLE_FIX_AUV_ID, method(telemetryApi, "singleFixAuvId"))
                .setHeader(Headers.SOURCE, constant("http"))
                .to(direct("telemetry-ingest")).id("api-telemetry-ingest")
                .bean(telemetryApi, "answer(${body}, ${exchangeProperty." + SINGLE_FIX_AUV_ID + "})").id("api-telemetry-answer")
                .process(responseWriter).id("api-telemetry-respond");
        operation("auvs-list", "vehicleApi", "list()");
        operation("auvs-register", "vehicleApi", "register(${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("auvs-get", "vehicleApi", "get(${header.auv_id})");
        operation("auvs-put", "vehicleApi", "put(${header.auv_id}, ${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("auvs-track", "trackApi", "track(${header.auv_id}, ${headers})");
        operation("auvs-versions", "vehicleApi", "versions(${header.auv_id})");
        operation("auvs-version", "vehicleApi", "version(${header.auv_id}, ${header.version})");
        operation("zones-list", "zoneApi", "list(${headers})");
        operation("zones-create", "zoneApi", "create(${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("zones-import", "zoneApi", "importZones(${bodyAs(byte[])}, ${headers}, " + ACTOR + ")");
        operation("zones-get", "zoneApi", "get(${header.zone_id})");
        operation("zones-update", "zoneApi", "update(${header.zone_id}, ${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("zones-delete", "zoneApi", "delete(${header.zone_id}, ${header.If-Match}, " + ACTOR + ")");
        operation("zones-occupants", "zoneApi", "occupants(${header.zone_id})");
        operation("zones-versions", "zoneApi", "versions(${header.zone_id})");
        operation("zones-version", "zoneApi", "version(${header.zone_id}, ${header.version})");
        operation("rules-list", "ruleApi", "list()");
        operation("rules-create", "ruleApi", "create(${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("rules-get", "ruleApi", "get(${header.rule_id})");
        operation("rules-update", "ruleApi", "update(${header.rule_id}, ${bodyAs(byte[])}, ${header.If-Match}, " + ACTOR + ")");
        operation("rules-delete", "ruleApi", "delete(${header.rule_id}, ${header.If-Match}, " + ACTOR + ")");
        operation("rules-versions", "ruleApi", "versions(${header.rule_id})");
        operation("rules-version", "ruleApi", "version(${header.rule_id}, ${header.version})");
        operation("violations-list", "queryApi", "violations(${headers})");
        operation("violations-ack", "queryApi", "acknowledge(${header.violation_id}, ${bodyAs(byte[])}, " + ACTOR + ")");
        operation("violations-deliveries", "deliveryApi", "deliveries(${header.violation_id})");
        operation("subscriptions-list", "subscriptionApi", "list()");
        operation("subscriptions-create", "subscriptionApi", "create(${bodyAs(byte[])}, " + ACTOR + ")");
        operation("subscriptions-get", "subscriptionApi", "get(${header.subscription_id})");
        operation("subscriptions-update", "subscriptionApi", "update(${header.subscription_id}, ${bodyAs(byte[])}, " + ACTOR + ")");
        operation("subscriptions-delete", "subscriptionApi", "delete(${header.subscription_id}, " + ACTOR + ")");
        operation("events-list", "queryApi", "events(${headers})");
        operation("reports-compliance", "reportApi", "compliance(${headers})");
        operation("evidence", "evidenceApi", "export(${headers}, " + ACTOR + ")");
        operation("audit-list", "auditApi", "list(${headers})");
        operation("audit-verify", "auditApi", "verify(${headers})");
        operation("status", "hubStatusApi", "get(" + ACTOR + ")");
    }

    /**
     * Route {@code api-<name>}: who asks (exchange property {@link RequestActor#PROPERTY}, passed to
     * changing operations as an argument), call the bean method, write the answer (or the problem).
     */
    private void operation(String name, String beanName, String method) {
        from(direct("api-" + name)).routeId("api-" + name).routeConfigurationId("api-errors")
                .setProperty(RequestActor.PROPERTY, method(requestActor, "actor")).id("api-" + name + "-actor")
                .bean(beanName, method).id("api-" + name + "-call")
                .process(responseWriter).id("api-" + name + "-respond");
    }
}
