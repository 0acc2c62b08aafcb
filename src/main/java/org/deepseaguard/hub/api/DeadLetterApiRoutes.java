package org.deepseaguard.hub.api;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The dead-letter part of the HTTP API (under {@code /api/v1}, REST DSL, same conventions as
 * {@link ApiRoutes}: one {@code direct:} route per operation, named like it, calling one method of
 * {@link DeadLetterApi}; problem+json errors through the {@code api-errors} route configuration).
 * Reading needs role operator, auditor or admin; replaying needs admin.
 */
@Component
public class DeadLetterApiRoutes extends EndpointRouteBuilder {

    private final ApiResponseWriter responseWriter;
    private final RequestActor requestActor;

    public DeadLetterApiRoutes(ApiResponseWriter responseWriter, RequestActor requestActor) {
        this.responseWriter = responseWriter;
        this.requestActor = requestActor;
    }

    @Override
    public void configure() {
        rest("/api/v1")
                .get("/dead-letters").id("rest-dead-letters-list")
                    .to("direct:api-dead-letters-list")
                .post("/dead-letters/replay").id("rest-dead-letters-replay-all")
                    .to("direct:api-dead-letters-replay-all")
                .get("/dead-letters/{id}").id("rest-dead-letters-get")
                    .to("direct:api-dead-letters-get")
                .post("/dead-letters/{id}/replay").id("rest-dead-letters-replay")
                    .to("direct:api-dead-letters-replay");

        operation("api-dead-letters-list", "list(${headers})");
        operation("api-dead-letters-get", "get(${header.id})");
        operation("api-dead-letters-replay", "replay(${header.id}, ${exchangeProperty." + RequestActor.PROPERTY + "})");
        operation("api-dead-letters-replay-all", "replayAll(${exchangeProperty." + RequestActor.PROPERTY + "})");
    }

    /** Route {@code routeId}, consuming {@code direct:routeId}: call the bean method, write the answer. */
    private void operation(String routeId, String method) {
        from(direct(routeId)).routeId(routeId).routeConfigurationId("api-errors")
                .setProperty(RequestActor.PROPERTY, method(requestActor, "actor")).id(routeId + "-actor")
                .bean("deadLetterApi", method).id(routeId + "-call")
                .process(responseWriter).id(routeId + "-respond");
    }
}
