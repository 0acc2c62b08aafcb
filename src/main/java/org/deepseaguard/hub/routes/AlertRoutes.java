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
 */
@Component
public class AlertRoutes extends EndpointRouteBuilder {

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

        from(direct("alerts-critical")).routeId("alerts-critical").routeConfigurationId("pipeline-errors")
                .transform(method(alerts, "critical(${body}, ${header." + Headers.EVENT_TYPE + "})")).id("alerts-critical-build")
                .log(LoggingLevel.WARN, "deepseaguard.alerts", "CRITICAL ${header." + Headers.EVENT_TYPE + "} "
                        + "${header." + Headers.AUV_ID + "}: ${body}").id("alerts-critical-log")
                .to(ExchangePattern.InOnly, outputs.criticalAlerts()).id("alerts-critical-out")
                .to(direct("alerts-notify")).id("alerts-critical-notify");

        from(direct("warnings-batch")).routeId("warnings-batch").routeConfigurationId("pipeline-errors")
                .aggregate(constant("warnings"), new WarningBatchStrategy()).id("warnings-aggregate")
                    .aggregationRepository(warningBatches)
                    .optimisticLocking()
                    .completionInterval(properties.warnings().window().toMillis())
                    .completionSize(properties.warnings().batchSize())
                    .transform(method(alerts, "digest")).id("warnings-digest")
                    .removeHeaders("*")
                    .setHeader(Headers.EVENT_TYPE, constant("warning_digest"))
                    .setHeader(Headers.SEVERITY, constant("warning"))
                    .log(LoggingLevel.INFO, "deepseaguard.alerts", "Warning digest: ${body}").id("warnings-log")
                    .to(ExchangePattern.InOnly, outputs.warningAlerts()).id("warnings-out")
                    .to(direct("alerts-notify")).id("warnings-notify")
                .end();

        from(direct("alerts-notify")).routeId("alerts-notify").routeConfigurationId("pipeline-errors")
                .to(ExchangePattern.InOnly, outputs.alertNotifications()).id("alerts-notify-out")
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
