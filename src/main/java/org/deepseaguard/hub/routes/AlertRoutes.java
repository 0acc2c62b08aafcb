package org.deepseaguard.hub.routes;

import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.alerts.WarningBatchStrategy;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.service.AlertOutbox;
import org.springframework.stereotype.Component;

/**
 * Alerts: critical violation changes go out at once on the outputs (critical_alerts,
 * alert_notifications, the log); warnings are batched per tumbling window (completed early at the
 * batch size) in a JDBC aggregation repository and go out as one digest (warning_alerts,
 * alert_notifications), which also counts the critical alerts held back meanwhile (flapping:
 * {@code deepseaguard.alerts.flapping.min-interval}). Alerts are typed ({@code Alert}) until the
 * outputs, which carry their JSON.
 *
 * <p>Subscribers (webhooks, email) are not served from here: the deliveries they need are rows of
 * the alert outbox ({@link AlertOutbox}), written in the batch's transaction for immediate alerts
 * and by route {@code warnings-digest} for digests, and sent by {@code AlertDeliveryRoutes}.
 *
 * <p>Nothing here gives an exception back to the caller of {@code direct:alerts-critical} or
 * {@code direct:warnings-batch}: every alert route uses the {@code dead-letter} route configuration, so
 * a failure is redelivered and then parked with its reason. The caller of {@code direct:warnings-batch}
 * waits only until its warning is stored in the open batch; completed batches become digests in route
 * {@code warnings-digest} on the aggregator's own thread ({@code WarningDigests}). docs/messaging.md,
 * "Warning digest", says how completion works and what happens on failure.
 */
@Component
public class AlertRoutes extends EndpointRouteBuilder {

    /** Where a completed batch (or a parked digest, replayed) becomes a digest and is sent. */
    public static final String DIGEST_URI = "direct:warnings-digest";

    /** The pipeline outputs' error handling (PipelineErrorConfiguration): two quick redeliveries, then parked. */
    private static final String OUTPUT_ERRORS = "output-errors";

    private final AlertFactory alerts;
    private final AlertOutbox outbox;
    private final JdbcAggregationRepository warningBatches;
    private final DeepSeaGuardProperties properties;

    public AlertRoutes(AlertFactory alerts, AlertOutbox outbox,
                       JdbcAggregationRepository warningBatches, DeepSeaGuardProperties properties) {
        this.alerts = alerts;
        this.outbox = outbox;
        this.warningBatches = warningBatches;
        this.properties = properties;
    }

    @Override
    public void configure() {
        var outputs = properties.outputs();

        // immediate, in the caller's exchange (the pipeline's, whose batch is committed): a failure is
        // redelivered twice at once and then parked with its reason (output-errors), never given back
        // and never holding ingestion for long. The replay-endpoint property is removed after each
        // send.
        from(direct("alerts-critical")).routeId("alerts-critical").routeConfigurationId(OUTPUT_ERRORS)
                // the typed alert, from the violation the pipeline judged (its JSON is read only when a
                // caller sends just that); JSON only for the outputs
                .process(e -> {
                    Violation v = e.getProperty(ResultMessages.VIOLATION, Violation.class);
                    e.getMessage().setBody(alerts.critical(v != null ? v : alerts.violation(e.getMessage().getBody(String.class)),
                            e.getMessage().getHeader(Headers.EVENT_TYPE, String.class)));
                }).id("alerts-critical-build")
                .transform(method(alerts, "json")).id("alerts-critical-json")
                .log(LoggingLevel.WARN, "deepseaguard.alerts", "CRITICAL ${header." + Headers.EVENT_TYPE + "} "
                        + "${header." + Headers.AUV_ID + "}: ${body}").id("alerts-critical-log")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(outputs.criticalAlerts()))
                .to(ExchangePattern.InOnly, outputs.criticalAlerts()).id("alerts-critical-out")
                .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY)
                .to(direct("alerts-notify")).id("alerts-critical-notify");

        // a critical alert held back (flapping): into the open batch, counted in the digest's held_back
        from(direct("alerts-held")).routeId("alerts-held").routeConfigurationId(OUTPUT_ERRORS)
                .transform(method(alerts, "heldBack(${body}, ${header." + Headers.EVENT_TYPE + "})")).id("alerts-held-item")
                .log(LoggingLevel.INFO, "deepseaguard.alerts", "Held back (flapping) ${header." + Headers.EVENT_TYPE + "} "
                        + "${header." + Headers.AUV_ID + "}: counted in the next warning digest").id("alerts-held-log")
                .to(direct("warnings-batch")).id("alerts-held-batch");

        // the caller waits only for its warning to be stored in the open batch; writers in this hub take
        // turns (the aggregator's own lock: with optimistic locking instead, WarningDigestsTest lost
        // warnings on H2), the repository still checks the version of every write
        from(direct("warnings-batch")).routeId("warnings-batch").routeConfigurationId(DeadLetterRouteConfiguration.ID)
                // another instance wrote the batch meanwhile (cluster mode): again at once against the batch
                // as it is now, spread out so the writers stop colliding
                .onException(OptimisticLockingException.class)
                    .maximumRedeliveries(30).redeliveryDelay(5).useExponentialBackOff().useCollisionAvoidance()
                    .maximumRedeliveryDelay(500).retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .end()
                .aggregate(constant("warnings"), new WarningBatchStrategy(DIGEST_URI)).id("warnings-aggregate")
                    .aggregationRepository(warningBatches)
                    .completionInterval(properties.warnings().window().toMillis())
                    .completionSize(properties.warnings().batchSize())
                    .executorService(getCamelContext().getExecutorServiceManager()
                            .newSingleThreadExecutor(this, "WarningDigests"))
                    .to(direct("warnings-digest")).id("warnings-to-digest")
                .end();

        // on the aggregator's executor; also where a parked digest is replayed
        from(direct("warnings-digest")).routeId("warnings-digest").routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .transform(method(alerts, "batch")).id("warnings-digest-batch")
                // the digest subscriptions' deliveries, in one transaction (idempotent: a digest built
                // again after a restart or a replay writes the same ids, kept once)
                .bean(outbox, "enqueueDigest").id("warnings-digest-outbox")
                .transform(method(alerts, "digest(${body})")).id("warnings-digest-build")
                .transform(method(alerts, "json")).id("warnings-digest-json")
                .removeHeaders("*")
                .setHeader(Headers.EVENT_TYPE, constant("warning_digest"))
                .setHeader(Headers.SEVERITY, constant("warning"))
                .log(LoggingLevel.INFO, "deepseaguard.alerts", "Warning digest: ${body}").id("warnings-log")
                .to(ExchangePattern.InOnly, outputs.warningAlerts()).id("warnings-out")
                .to(direct("alerts-notify")).id("warnings-notify");

        // a sub-route of both; it parks its own failures (quickly: it runs on the caller's thread for
        // critical alerts), so nothing comes back to them
        from(direct("alerts-notify")).routeId("alerts-notify").routeConfigurationId(OUTPUT_ERRORS)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(outputs.alertNotifications()))
                .to(ExchangePattern.InOnly, outputs.alertNotifications()).id("alerts-notify-out")
                .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY);
    }
}
