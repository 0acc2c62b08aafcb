package org.deepseaguard.hub.messaging;

import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.timeseries.InfluxProperties;
import org.springframework.stereotype.Component;

/**
 * Every applied fix to Kafka topic {@code auv_analytics}, keyed by {@code auv_id}, without ever
 * holding up the compliance pipeline (docs/messaging.md):
 * <ul>
 *   <li>{@code analytics-publish}: the pipeline sends every judged batch here
 *       (docs/INTERNAL-CONTRACT.md). With {@code deepseaguard.analytics.kafka.enabled} it puts a copy on
 *       a bounded in-memory queue and returns at once (the caller's message is left as it was); if the
 *       queue is full (Kafka down for long), the batch's applied fixes are parked in the dead letters
 *       instead, one by one, replayable.
 *       Otherwise it does nothing.</li>
 *   <li>{@code analytics-queue}: drains that queue in order, one batch at a time, and splits each
 *       into its applied fixes (so one vehicle's records stay in order), into {@code analytics-kafka}; a graceful shutdown drains it first.</li>
 *   <li>{@code analytics-kafka}: publishes the record and waits for Kafka's acknowledgement; a failure is
 *       redelivered with back-off and then parked (route configuration {@code dead-letter}); a replay
 *       comes back here.</li>
 * </ul>
 * With {@code deepseaguard.influxdb.enabled}, {@code analytics-publish} hands the batch to
 * {@code influxdb-publish} first ({@code org.deepseaguard.hub.timeseries.InfluxRoutes}: its own bounded queue, returns at once).
 */
@Component
public class AnalyticsRoutes extends EndpointRouteBuilder {

    private static final String REPLAY_ENDPOINT = "direct:analytics-kafka";

    private final AnalyticsProperties properties;
    private final InfluxProperties influxdb;
    private final AnalyticsRecord record;

    public AnalyticsRoutes(AnalyticsProperties properties, InfluxProperties influxdb, AnalyticsRecord record) {
        this.properties = properties;
        this.influxdb = influxdb;
        this.record = record;
    }

    @Override
    public void configure() {
        RouteDefinition publish = from(direct("analytics-publish")).routeId("analytics-publish");
        if (influxdb.enabled()) {
            // InfluxDB's own bounded queue (org.deepseaguard.hub.timeseries.InfluxRoutes)
            publish.to(direct("influxdb-publish")).id("analytics-influxdb");
        }
        if (!properties.kafka().enabled()) {
            publish.log(LoggingLevel.TRACE, "Analytics", "Kafka analytics output is off");
            return;
        }
        publish.doTry()
                    .to(ExchangePattern.InOnly, seda("analytics-kafka").size(properties.queueSize()).advanced().blockWhenFull(false))
                        .id("analytics-enqueue")
                .doCatch(IllegalStateException.class)
                    .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(REPLAY_ENDPOINT))
                    .setHeader(DeadLetterHeaders.REASON, simple("analytics queue full, not sent to Kafka: ${exception.message}"))
                    .setHeader(DeadLetterHeaders.ROUTE_ID, constant("analytics-publish"))
                    .setHeader(DeadLetterHeaders.EXCEPTION_CLASS, simple("${exception.class.name}"))
                    .split(method(record, "appliedFixes"))
                        .to(direct("dead-letter-park")).id("analytics-overflow-park")
                    .end()
                .end();

        // a batch's applied fixes, one record each, in order
        from(seda("analytics-kafka").size(properties.queueSize())).routeId("analytics-queue")
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .split(method(record, "appliedFixes"))
                    .to(direct("analytics-kafka")).id("analytics-dequeue")
                .end();

        from(direct("analytics-kafka")).routeId("analytics-kafka")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(REPLAY_ENDPOINT))
                .process(record).id("analytics-record")
                .to(kafka(properties.kafka().topic())).id("analytics-kafka-send");
    }
}
