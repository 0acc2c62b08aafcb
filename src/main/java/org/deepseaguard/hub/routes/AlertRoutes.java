package org.deepseaguard.hub.routes;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.deepseaguard.hub.alerts.WarningBatchStrategy;
import org.deepseaguard.hub.alerts.Webhooks;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Component;

/**
 * Alerts: critical violation changes go out at once (critical_alerts, alert_notifications, the
 * log, webhooks); warnings are batched per tumbling window (completed early at the batch size)
 * in a JDBC aggregation repository and go out as one digest.
 */
@Component
public class AlertRoutes extends EndpointRouteBuilder {

    private final AlertFactory alerts;
    private final Webhooks webhooks;
    private final JdbcAggregationRepository warningBatches;
    private final DeepSeaGuardProperties properties;

    public AlertRoutes(AlertFactory alerts, Webhooks webhooks, JdbcAggregationRepository warningBatches,
                       DeepSeaGuardProperties properties) {
        this.alerts = alerts;
        this.webhooks = webhooks;
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
                .to(ExchangePattern.InOnly, outputs.alertNotifications()).id("alerts-critical-notify")
                .filter(method(webhooks, "configured"))
                    .to(ExchangePattern.InOnly, seda("alert_webhooks")).id("alerts-critical-webhooks")
                .end();

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
                    .to(ExchangePattern.InOnly, outputs.alertNotifications()).id("warnings-notify")
                    .filter(method(webhooks, "configured"))
                        .to(ExchangePattern.InOnly, seda("alert_webhooks")).id("warnings-webhooks")
                    .end()
                .end();

        from(seda("alert_webhooks")).routeId("alerts-webhooks").routeConfigurationId("dead-letter")
                .removeHeaders("Camel*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .recipientList(method(webhooks, "uris")).id("alerts-webhooks-post");
    }
}
