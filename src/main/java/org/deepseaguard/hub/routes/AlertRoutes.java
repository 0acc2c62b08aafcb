package org.deepseaguard.hub.routes;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.deepseaguard.hub.alerts.AlertEmails;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.alerts.WarningBatchStrategy;
import org.deepseaguard.hub.alerts.Webhooks;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.springframework.stereotype.Component;

/**
 * Alerts: critical violation changes go out at once (critical_alerts, alert_notifications, the
 * log, webhooks, email); warnings are batched per tumbling window (completed early at the batch size)
 * in a JDBC aggregation repository and go out as one digest.
 *
 * <p>Both end in route {@code alerts-notify}, which publishes on alert_notifications and hands the
 * alert to the notifiers through seda queues ({@code alert_webhooks}, {@code alert_email}), so a slow
 * or broken webhook or SMTP server never holds up ingestion: routes {@code alerts-webhooks} and
 * {@code alerts-email} deliver with the {@code dead-letter} route configuration (redelivery with
 * back-off, then parked in dead_letters, replayable).
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
    private final Webhooks webhooks;
    private final AlertEmails emails;
    private final JdbcAggregationRepository warningBatches;
    private final DeepSeaGuardProperties properties;

    public AlertRoutes(AlertFactory alerts, Webhooks webhooks, AlertEmails emails,
                       JdbcAggregationRepository warningBatches, DeepSeaGuardProperties properties) {
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.emails = emails;
        this.warningBatches = warningBatches;
        this.properties = properties;
    }

    @Override
    public void configure() {
        var outputs = properties.outputs();

        // immediate, in the caller's exchange (the pipeline's, whose batch is committed): a failure is
        // redelivered twice at once and then parked with its reason (output-errors), never given back
        // and never holding ingestion for long. The replay-endpoint property is removed after each
        // send: exchange properties travel on into seda:alert_email and alert_webhooks.
        from(direct("alerts-critical")).routeId("alerts-critical").routeConfigurationId(OUTPUT_ERRORS)
                .transform(method(alerts, "critical(${body}, ${header." + Headers.EVENT_TYPE + "})")).id("alerts-critical-build")
                .log(LoggingLevel.WARN, "deepseaguard.alerts", "CRITICAL ${header." + Headers.EVENT_TYPE + "} "
                        + "${header." + Headers.AUV_ID + "}: ${body}").id("alerts-critical-log")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(outputs.criticalAlerts()))
                .to(ExchangePattern.InOnly, outputs.criticalAlerts()).id("alerts-critical-out")
                .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY)
                .to(direct("alerts-notify")).id("alerts-critical-notify");

        // the caller waits only for its warning to be stored in the open batch; writers in this hub take
        // turns (the aggregator's own lock: with optimistic locking instead, WarningDigestsTest lost
        // warnings on H2), the repository still checks the version of every write
        from(direct("warnings-batch")).routeId("warnings-batch").routeConfigurationId(DeadLetterRouteConfiguration.ID)
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
                .transform(method(alerts, "digest")).id("warnings-digest-build")
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
                .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY)
                .filter(method(webhooks, "configured"))
                    .to(ExchangePattern.InOnly, seda("alert_webhooks")).id("alerts-notify-webhooks")
                .end()
                .filter(method(emails, "enabled"))
                    .to(ExchangePattern.InOnly, seda("alert_email")).id("alerts-notify-email")
                .end();

        from(seda("alert_webhooks")).routeId("alerts-webhooks").routeConfigurationId("dead-letter")
                .removeHeaders("Camel*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .recipientList(method(webhooks, "uris")).id("alerts-webhooks-post");

        if (emails.enabled()) {
            // the SMTP server is spring.mail.host/port (placeholders, not written here); credentials: AlertEmailConfig
            from(seda("alert_email")).routeId("alerts-email").routeConfigurationId("dead-letter")
                    .removeHeaders("*")
                    .bean(emails, "compose").id("alerts-email-compose")
                    .to(smtp("{{spring.mail.host}}:{{spring.mail.port:25}}")).id("alerts-email-send");
        }
    }
}
