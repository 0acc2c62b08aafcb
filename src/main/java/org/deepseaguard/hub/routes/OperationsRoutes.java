package org.deepseaguard.hub.routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.ComplianceService;
import org.springframework.stereotype.Component;

/** Housekeeping: the telemetry-gap watchdog and the dead-letter parking place. */
@Component
public class OperationsRoutes extends EndpointRouteBuilder {

    private final ComplianceService compliance;
    private final DeadLetterParker parker;
    private final long watchdogMillis;

    public OperationsRoutes(ComplianceService compliance, DeadLetterParker parker, DeepSeaGuardProperties properties) {
        this.compliance = compliance;
        this.parker = parker;
        this.watchdogMillis = properties.watchdog().interval().toMillis();
    }

    @Override
    public void configure() {
        from(timer("telemetry-gap-watchdog").period(watchdogMillis)).routeId("watchdog-telemetry-gap")
                .routeConfigurationId("async-errors")
                .bean(compliance, "checkSilence").id("watchdog-check");

        from(direct("dead-letter")).routeId("dead-letter-park")
                .bean(parker, "park(${exchangeProperty.CamelFailureRouteId}, ${exception.message}, "
                        + "${bodyAs(String)}, ${headers})").id("dead-letter-store");
    }
}
