package org.deepseaguard.hub.routes;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.PredicateBuilder;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.FailureOriginPolicy;
import org.deepseaguard.hub.live.LiveFeed;
import org.deepseaguard.hub.service.ComplianceService;
import org.deepseaguard.hub.service.TelemetryIntake;
import org.springframework.stereotype.Component;

/**
 * The pipeline, a batch at a time: ingest (validate every item) -> evaluate (dedupe against the
 * fix log, order per vehicle, judge, persist in one transaction) -> results-route (content-based
 * router to the outputs; first the live feed, {@link LiveFeed}, which never waits). Synchronous from the caller's thread to the last output, so the caller
 * (HTTP, a broker consumer) knows its fixes are done when the call returns.
 *
 * <p>{@code ingest-normalize} and {@code compliance-evaluate} use route configuration
 * {@code pipeline-errors} (no error handler of their own): a failure goes back to the CALLER's
 * error handling, so an integrator's route that does a plain {@code to: direct:telemetry-ingest}
 * gets its own dead-letter channel. In cluster mode ({@code deepseaguard.cluster.enabled}) only fixes
 * from route {@code ingest-kafka} go on to {@code compliance-evaluate}; every other input's valid
 * fixes go to {@code cluster-forward} (Kafka, keyed by {@code auv_id}) and are judged by the
 * instance that owns the vehicle's partition. The outputs never fail the caller: route configuration
 * {@code output-errors} parks what cannot be sent in the dead letters, replayable to its output.
 */
@Component
public class PipelineRoutes extends EndpointRouteBuilder {

    /** The source header of route {@code ingest-kafka}: in cluster mode the only input that is judged. */
    public static final String KAFKA_SOURCE = "kafka";

    private final TelemetryIntake intake;
    private final ComplianceService compliance;
    private final ResultMessages resultMessages;
    private final LiveFeed liveFeed;
    private final DeepSeaGuardProperties.Outputs outputs;
    private final boolean cluster;

    public PipelineRoutes(TelemetryIntake intake, ComplianceService compliance, ResultMessages resultMessages,
                          LiveFeed liveFeed, DeepSeaGuardProperties properties, ClusterProperties cluster) {
        this.intake = intake;
        this.compliance = compliance;
        this.resultMessages = resultMessages;
        this.liveFeed = liveFeed;
        this.outputs = properties.outputs();
        this.cluster = cluster.enabled();
    }

    @Override
    public void configure() {
        FailureOriginPolicy failureOrigin = new FailureOriginPolicy();
        if (!cluster) {
            from(direct("telemetry-ingest")).routeId("ingest-normalize").routeConfigurationId("pipeline-errors")
                    .routePolicy(failureOrigin)
                    .bean(intake, "read(${body}, ${header." + Headers.SOURCE + "})").id("ingest-validate")
                    .to(direct("compliance-evaluate")).id("ingest-to-evaluate");
        } else {
            // cluster mode: only the Kafka consumer judges; every other input goes to Kafka, keyed by
            // auv_id, so one instance (the partition's consumer) owns each vehicle (messaging.ClusterForwardRoutes)
            from(direct("telemetry-ingest")).routeId("ingest-normalize").routeConfigurationId("pipeline-errors")
                    .routePolicy(failureOrigin)
                    .bean(intake, "read(${body}, ${header." + Headers.SOURCE + "})").id("ingest-validate")
                    .choice().id("ingest-owner")
                        .when(header(Headers.SOURCE).isEqualTo(KAFKA_SOURCE))
                            .to(direct("compliance-evaluate")).id("ingest-to-evaluate")
                        .otherwise()
                            .to(direct("cluster-forward")).id("ingest-to-kafka")
                    .end();
        }

        from(direct("compliance-evaluate")).routeId("compliance-evaluate").routeConfigurationId("pipeline-errors")
                .routePolicy(failureOrigin)
                .bean(compliance, "judge").id("compliance-judge")
                .to(direct("results-route")).id("compliance-publish");

        // the body stays the BatchResult (the split hands each item on and keeps the original)
        from(direct("results-route")).routeId("results-route").routeConfigurationId("output-errors")
                // the live map's feed (GET /api/v1/stream): an offer to a bounded queue, never a wait
                .bean(liveFeed, "publish").id("results-live")
                .split(method(resultMessages, "split")).id("results-split")
                    .process(resultMessages).id("results-message")
                    .choice().id("results-router")
                        .when(header(Headers.EVENT_TYPE).in(ResultMessages.ZONE_ENTRY, ResultMessages.ZONE_EXIT))
                            .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(outputs.geofencingEvents()))
                            .to(ExchangePattern.InOnly, outputs.geofencingEvents()).id("results-geofencing-events")
                        .when(header(Headers.EVENT_TYPE).in(ResultMessages.VIOLATION_OPENED, ResultMessages.VIOLATION_CLOSED))
                            .to(direct("violations-publish")).id("results-violations")
                    .end()
                .end()
                // every applied fix of the batch, handed over at once (the body stays as it is)
                .to(direct("analytics-publish")).id("results-analytics");

        from(direct("violations-publish")).routeId("violations-publish").routeConfigurationId("output-errors")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(outputs.complianceViolations()))
                .to(ExchangePattern.InOnly, outputs.complianceViolations()).id("violations-out")
                .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY)
                .choice().id("violations-by-severity")
                    // a critical alert held back (flapping: AlertThrottle) is counted in the next digest instead
                    .when(PredicateBuilder.and(header(Headers.SEVERITY).isEqualTo("critical"),
                            exchangeProperty(ResultMessages.ALERT_HELD).isEqualTo(true)))
                        .to(direct("alerts-held")).id("violations-critical-held")
                    .when(header(Headers.SEVERITY).isEqualTo("critical"))
                        .to(direct("alerts-critical")).id("violations-critical")
                    .when(header(Headers.SEVERITY).isEqualTo("warning"))
                        .to(direct("warnings-batch")).id("violations-warning")
                .end();

        // direct:analytics-publish (the batch's applied fixes) is route analytics-publish of the
        // messaging backbone (org.deepseaguard.hub.messaging.AnalyticsRoutes)
    }
}
