package org.deepseaguard.hub.routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.service.ComplianceService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With the Redis state store ({@code deepseaguard.state-store=redis}): every 5 s, vehicles whose
 * state Redis missed (it was away when their batch committed) are mirrored again
 * ({@link ComplianceService#catchUpMirror()}), so Redis holds every vehicle's newest state soon
 * after an outage even when the vehicle sends nothing more (RedisOutageIT).
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.state-store", havingValue = "redis")
public class StateMirrorRoutes extends EndpointRouteBuilder {

    private final ComplianceService compliance;

    public StateMirrorRoutes(ComplianceService compliance) {
        this.compliance = compliance;
    }

    @Override
    public void configure() {
        from(timer("state-mirror-catch-up").period(5_000L).delay(5_000L)).routeId("state-mirror-catch-up")
                .bean(compliance, "catchUpMirror").id("state-mirror-catch-up-mirror");
    }
}
