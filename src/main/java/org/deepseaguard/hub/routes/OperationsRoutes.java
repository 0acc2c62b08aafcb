package org.deepseaguard.hub.routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.ComplianceService;
import org.springframework.stereotype.Component;

/**
 * Housekeeping: the telemetry-gap watchdog. (Dead letters are parked by route {@code dead-letter-park},
 * org.deepseaguard.hub.deadletter.)
 */
@Component
public class OperationsRoutes extends EndpointRouteBuilder {

    private final ComplianceService compliance;
    private final long watchdogMillis;

    public OperationsRoutes(ComplianceService compliance, DeepSeaGuardProperties properties) {
        this.compliance = compliance;
        this.watchdogMillis = properties.watchdog().interval().toMillis();
    }

    @Override
    public void configure() {
        from(timer("telemetry-gap-watchdog").period(watchdogMillis)).routeId("watchdog-telemetry-gap")
                .routeConfigurationId("dead-letter")
                .bean(compliance, "checkSilence").id("watchdog-check")
                .to(direct("results-route")).id("watchdog-publish");
    }
}
