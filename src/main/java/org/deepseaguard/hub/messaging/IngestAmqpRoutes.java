package org.deepseaguard.hub.messaging;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-amqp}: fixes published to exchange {@code auv_telemetry} (routing key
 * {@code auv.telemetry.<auv_id>}) are consumed from the durable queue {@code auv_telemetry_raw} and
 * handed to the pipeline ({@code direct:telemetry-ingest}), which
 * evaluates, persists and publishes synchronously. Acknowledgement is manual and happens only when that is done
 * ({@link AmqpAcknowledgement}); prefetch is bounded. One consumer by default keeps each vehicle's
 * fixes in order. Errors follow route configuration {@code dead-letter}.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.amqp.enabled", havingValue = "true")
public class IngestAmqpRoutes extends EndpointRouteBuilder {

    private final AmqpProperties amqp;
    private final IngestProperties.Amqp ingest;
    private final AmqpAcknowledgement acknowledgement;

    public IngestAmqpRoutes(AmqpProperties amqp, IngestProperties ingest, AmqpAcknowledgement acknowledgement) {
        this.amqp = amqp;
        this.ingest = ingest.amqp();
        this.acknowledgement = acknowledgement;
    }

    @Override
    public void configure() {
        from(springRabbitmq(amqp.telemetryExchange())
                        .queues(amqp.telemetryQueue())
                        .autoDeclare(false)
                        .acknowledgeMode(AcknowledgeMode.MANUAL)
                        .disableReplyTo(true)
                        .advanced()
                        .prefetchCount(ingest.prefetch())
                        .concurrentConsumers(ingest.concurrentConsumers())
                        .retry(AmqpListenerRetry.none()))
                .routeId("ingest-amqp")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .process(acknowledgement).id("ingest-amqp-ack")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant("amqp"))
                .setHeader(DeadLetterHeaders.INGEST_SOURCE, constant("amqp"))
                .to(direct("telemetry-ingest")).id("ingest-amqp-pipeline");
    }
}
