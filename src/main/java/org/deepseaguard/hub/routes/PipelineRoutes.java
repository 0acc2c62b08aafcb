package org.deepseaguard.hub.routes;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.ComplianceService;
import org.deepseaguard.hub.service.TelemetryIntake;
import org.springframework.stereotype.Component;

/**
 * The pipeline: ingest (validate) -> evaluate (dedupe, order per vehicle, judge, persist) ->
 * content-based router to the outputs. Synchronous from the caller's thread to the last output,
 * so the caller (HTTP, a broker consumer) knows the fix is done when the call returns.
 */
@Component
public class PipelineRoutes extends EndpointRouteBuilder {

    private final TelemetryIntake intake;
    private final ComplianceService compliance;
    private final ResultMessages resultMessages;
    private final DeepSeaGuardProperties.Outputs outputs;

    public PipelineRoutes(TelemetryIntake intake, ComplianceService compliance, ResultMessages resultMessages,
                          DeepSeaGuardProperties properties) {
        this.intake = intake;
        this.compliance = compliance;
        this.resultMessages = resultMessages;
        this.outputs = properties.outputs();
    }

    @Override
    public void configure() {
        from(direct("telemetry-ingest")).routeId("ingest-normalize").routeConfigurationId("pipeline-errors")
                .bean(intake, "read").id("ingest-validate")
                .to(direct("compliance-evaluate")).id("ingest-to-evaluate");

        // dedupe, per-vehicle order, judging, persistence, publication and the state save happen here
        from(direct("compliance-evaluate")).routeId("compliance-evaluate").routeConfigurationId("pipeline-errors")
                .bean(compliance, "process(${body}, ${header." + Headers.SOURCE + "})").id("compliance-process");

        from(direct("results-route")).routeId("results-route").routeConfigurationId("pipeline-errors")
                .split(method(resultMessages, "split")).id("results-split")
                    .process(resultMessages).id("results-message")
                    .choice().id("results-router")
                        .when(header(Headers.EVENT_TYPE).in(ResultMessages.ZONE_ENTRY, ResultMessages.ZONE_EXIT))
                            .to(ExchangePattern.InOnly, outputs.geofencingEvents()).id("results-geofencing-events")
                        .when(header(Headers.EVENT_TYPE).in(ResultMessages.VIOLATION_OPENED, ResultMessages.VIOLATION_CLOSED))
                            .to(direct("violations-publish")).id("results-violations")
                        .when(header(Headers.EVENT_TYPE).isEqualTo(ResultMessages.FIX_APPLIED))
                            .to(direct("analytics-publish")).id("results-analytics")
                    .end()
                .end();

        from(direct("violations-publish")).routeId("violations-publish").routeConfigurationId("pipeline-errors")
                .to(ExchangePattern.InOnly, outputs.complianceViolations()).id("violations-out")
                .choice().id("violations-by-severity")
                    .when(header(Headers.SEVERITY).isEqualTo("critical"))
                        .to(direct("alerts-critical")).id("violations-critical")
                    .when(header(Headers.SEVERITY).isEqualTo("warning"))
                        .to(direct("warnings-batch")).id("violations-warning")
                .end();

        // direct:analytics-publish (every applied fix) is route analytics-publish of the messaging
        // backbone (org.deepseaguard.hub.messaging.AnalyticsRoutes)
    }
}
