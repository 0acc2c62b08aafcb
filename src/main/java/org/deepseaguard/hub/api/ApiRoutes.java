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
                .get("/zones").id("rest-zones-list").to(direct("api-zones-list"))
                .post("/zones").id("rest-zones-create").to(direct("api-zones-create"))
                .post("/zones/import").id("rest-zones-import").to(direct("api-zones-import"))
                .get("/zones/{zone_id}").id("rest-zones-get").to(direct("api-zones-get"))
                .put("/zones/{zone_id}").id("rest-zones-update").to(direct("api-zones-update"))
                .delete("/zones/{zone_id}").id("rest-zones-delete").to(direct("api-zones-delete"))
                .get("/zones/{zone_id}/auvs").id("rest-zones-occupants").to(direct("api-zones-occupants"))
                .get("/rules").id("rest-rules-list").to(direct("api-rules-list"))
                .post("/rules").id("rest-rules-create").to(direct("api-rules-create"))
                .get("/rules/{rule_id}").id("rest-rules-get").to(direct("api-rules-get"))
                .put("/rules/{rule_id}").id("rest-rules-update").to(direct("api-rules-update"))
                .delete("/rules/{rule_id}").id("rest-rules-delete").to(direct("api-rules-delete"))
                .get("/violations").id("rest-violations-list").to(direct("api-violations-list"))
                .get("/events").id("rest-events-list").to(direct("api-events-list"))
                .get("/reports/compliance").id("rest-reports-compliance").to(direct("api-reports-compliance"))
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
        operation("auvs-register", "vehicleApi", "register(${bodyAs(byte[])}, " + ACTOR + ")");
        operation("auvs-get", "vehicleApi", "get(${header.auv_id})");
        operation("auvs-put", "vehicleApi", "put(${header.auv_id}, ${bodyAs(byte[])}, " + ACTOR + ")");
        operation("auvs-track", "trackApi", "track(${header.auv_id}, ${headers})");
        operation("zones-list", "zoneApi", "list(${headers})");
        operation("zones-create", "zoneApi", "create(${bodyAs(byte[])}, " + ACTOR + ")");
        operation("zones-import", "zoneApi", "importZones(${bodyAs(byte[])}, ${headers}, " + ACTOR + ")");
        operation("zones-get", "zoneApi", "get(${header.zone_id})");
        operation("zones-update", "zoneApi", "update(${header.zone_id}, ${bodyAs(byte[])}, " + ACTOR + ")");
        operation("zones-delete", "zoneApi", "delete(${header.zone_id}, " + ACTOR + ")");
        operation("zones-occupants", "zoneApi", "occupants(${header.zone_id})");
        operation("rules-list", "ruleApi", "list()");
        operation("rules-create", "ruleApi", "create(${bodyAs(byte[])}, " + ACTOR + ")");
        operation("rules-get", "ruleApi", "get(${header.rule_id})");
        operation("rules-update", "ruleApi", "update(${header.rule_id}, ${bodyAs(byte[])}, " + ACTOR + ")");
        operation("rules-delete", "ruleApi", "delete(${header.rule_id}, " + ACTOR + ")");
        operation("violations-list", "queryApi", "violations(${headers})");
        operation("events-list", "queryApi", "events(${headers})");
        operation("reports-compliance", "reportApi", "compliance(${headers})");
        operation("audit-list", "auditApi", "list(${headers})");
        operation("audit-verify", "auditApi", "verify(${headers})");
        operation("status", "hubStatusApi", "get()");
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
