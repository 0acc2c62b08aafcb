package org.deepseaguard.hub.messaging;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.springframework.stereotype.Component;

/**
 * Route {@code analytics-publish}: the pipeline sends every applied fix here (docs/INTERNAL-CONTRACT.md).
 * It works on a copy, so the caller's message is left as it was. With
 * {@code deepseaguard.analytics.kafka.enabled} the copy goes to route {@code analytics-kafka}, which
 * publishes it to Kafka topic {@code auv_analytics} keyed by {@code auv_id} and waits for the broker's
 * acknowledgement; a failure is redelivered with back-off and then parked in the dead letters (replay
 * publishes it again) without stopping the pipeline. Otherwise the route does nothing.
 *
 * <p>InfluxDB ({@code auv_position}) is not wired yet (docs/messaging.md).
 */
@Component
public class AnalyticsRoutes extends EndpointRouteBuilder {

    private final AnalyticsProperties.Kafka kafka;
    private final AnalyticsRecord record;

    public AnalyticsRoutes(AnalyticsProperties properties, AnalyticsRecord record) {
        this.kafka = properties.kafka();
        this.record = record;
    }

    @Override
    public void configure() {
        if (!kafka.enabled()) {
            from(direct("analytics-publish")).routeId("analytics-publish")
                    .log(LoggingLevel.TRACE, "Analytics", "analytics outputs are off");
            return;
        }

        from(direct("analytics-publish")).routeId("analytics-publish")
                .enrich(direct("analytics-kafka"), AggregationStrategies.useOriginal(true)).id("analytics-copy");

        from(direct("analytics-kafka")).routeId("analytics-kafka")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant("direct:analytics-kafka"))
                .process(record).id("analytics-record")
                .to(kafka(kafka.topic())).id("analytics-kafka-send");
    }
}
