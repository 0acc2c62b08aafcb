package org.deepseaguard.hub.routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.ComplianceService;
import org.deepseaguard.hub.service.FixLogRetention;
import org.deepseaguard.hub.service.ProvisioningService;
import org.deepseaguard.hub.service.TelemetryGapWatchdog;
import org.springframework.stereotype.Component;

/**
 * Housekeeping: the telemetry-gap watchdog (each round run by the one instance holding its lease,
 * {@link TelemetryGapWatchdog}), the fix log's retention and, when configured, the provisioning
 * folders' poll ({@link ProvisioningService}). (Dead letters are parked by route {@code dead-letter-park},
 * org.deepseaguard.hub.deadletter.)
 */
@Component
public class OperationsRoutes extends EndpointRouteBuilder {

    private final ComplianceService compliance;
    private final FixLogRetention retention;
    private final TelemetryGapWatchdog watchdog;
    private final ProvisioningService provisioning;
    private final long watchdogMillis;
    private final long provisioningMillis;

    public OperationsRoutes(ComplianceService compliance, FixLogRetention retention, TelemetryGapWatchdog watchdog,
            ProvisioningService provisioning, DeepSeaGuardProperties properties) {
        this.compliance = compliance;
        this.retention = retention;
        this.watchdog = watchdog;
        this.provisioning = provisioning;
        this.watchdogMillis = properties.watchdog().interval().toMillis();
        this.provisioningMillis = Math.max(1L, properties.provisioning().pollInterval().toMillis());
    }

    @Override
    public void configure() {
        from(timer("telemetry-gap-watchdog").period(watchdogMillis)).routeId("watchdog-telemetry-gap")
                .routeConfigurationId("dead-letter")
                // one instance per round (a lease in Redis in profile stack; always this one by default)
                .filter(method(watchdog, "acquireRound")).id("watchdog-lease")
                .bean(compliance, "checkSilence").id("watchdog-check")
                .to(direct("results-route")).id("watchdog-publish");

        // hourly: fixes older than deepseaguard.telemetry.retention leave the fix log
        from(timer("fix-log-retention").period(3_600_000L).delay(60_000L)).routeId("fix-log-retention")
                .bean(retention, "apply").id("fix-log-retention-delete");

        // rule and zone files changed since the last poll are applied (docs/provisioning.md)
        if (provisioning.enabled()) {
            from(timer("provisioning").period(provisioningMillis).delay(provisioningMillis)).routeId("provisioning-poll")
                    .bean(provisioning, "poll").id("provisioning-apply");
        }
    }
}
