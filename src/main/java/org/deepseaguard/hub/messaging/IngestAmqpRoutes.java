package org.deepseaguard.hub.messaging;

import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.routes.Headers;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * AMQP ingestion, a batch at a time: fixes published to exchange {@code auv_telemetry} (routing key
 * {@code auv.telemetry.<auv_id>}) are consumed from the durable queue {@code auv_telemetry_raw} by
 * one consumer with manual acknowledgement and a bounded prefetch.
 * <ul>
 *   <li>{@code ingest-amqp} collects the deliveries into a batch, cut at
 *       {@code deepseaguard.ingest.amqp.batch-size} messages or every {@code batch-window}; batches
 *       are judged one after the other, in arrival order, on one thread of their own, so every
 *       vehicle's fixes stay in order while the consumer already fills the next batch.</li>
 *   <li>{@code ingest-amqp-batch} first parks the fixes outside their publisher's vehicle scope
 *       ({@link AmqpSenderScopes}), then sends the rest of the batch through the pipeline ({@code direct:telemetry-ingest}:
 *       judged, persisted in one transaction, published), parks every refused message in the dead
 *       letters with its reason, and then acknowledges every delivery of the batch
 *       ({@link AmqpBatches}). If the batch fails as a whole, each message goes through
 *       {@code ingest-amqp-single} on its own, with the {@code dead-letter} channel (redelivery with
 *       back-off, then parked: in table {@code dead_letters}, or on {@code deepseaguard.dlq} alone when
 *       the table cannot be written); only if even that fails (database and broker refuse), every
 *       delivery is negatively acknowledged with requeue and comes back later.</li>
 * </ul>
 * A crash before the acknowledgement leaves the deliveries unacknowledged: the broker delivers them
 * again, and the fix log drops those already judged as duplicates.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.amqp.enabled", havingValue = "true")
public class IngestAmqpRoutes extends EndpointRouteBuilder {

    private static final String BATCH = "deepseaguardAmqpBatch";
    private static final String SCOPES = "deepseaguardAmqpScopes";

    private final AmqpProperties amqp;
    private final IngestProperties.Amqp ingest;
    private final AmqpBatches batches;
    private final AmqpSenderScopes senderScopes;

    public IngestAmqpRoutes(AmqpProperties amqp, IngestProperties ingest, AmqpBatches batches,
                            AmqpSenderScopes senderScopes) {
        this.amqp = amqp;
        this.ingest = ingest.amqp();
        this.batches = batches;
        this.senderScopes = senderScopes;
    }

    @Override
    public void configure() {
        ExecutorService batchThread = getContext().getExecutorServiceManager().newSingleThreadExecutor(this, "ingest-amqp-batches");

        from(springRabbitmq(amqp.telemetryExchange())
                        .queues(amqp.telemetryQueue())
                        .autoDeclare(false)
                        .acknowledgeMode(AcknowledgeMode.MANUAL)
                        .disableReplyTo(true)
                        .advanced()
                        .prefetchCount(ingest.prefetch())
                        .concurrentConsumers(1)
                        .retry(AmqpListenerRetry.none()))
                .routeId("ingest-amqp")
                .aggregate(constant(true), batches).id("ingest-amqp-window")
                    .completionSize(ingest.batchSize())
                    .completionInterval(ingest.batchWindow().toMillis())
                    .executorService(batchThread)
                    .forceCompletionOnStop()
                    .to(direct("ingest-amqp-batch")).id("ingest-amqp-to-batch")
                .end();

        from(direct("ingest-amqp-batch")).routeId("ingest-amqp-batch")
                .process(batches).id("ingest-amqp-ack")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant("amqp"))
                // sender binding: fixes outside their publisher's scope are parked with the reason
                .setProperty(SCOPES, method(senderScopes, "partition")).id("ingest-amqp-scope")
                .split(method(senderScopes, "outside(${exchangeProperty." + SCOPES + "})"))
                    .to(direct("dead-letter-park")).id("ingest-amqp-park-outside-scope")
                .end()
                .setBody(method(senderScopes, "inside(${exchangeProperty." + SCOPES + "})"))
                .filter(method(senderScopes, "hasDeliveries"))
                .setProperty(BATCH, body())
                .doTry()
                    .setBody(method(batches, "bodies"))
                    .setHeader(Headers.SOURCE, constant("amqp"))
                    .to(direct("telemetry-ingest")).id("ingest-amqp-pipeline")
                    .split(method(batches, "rejections(${exchangeProperty." + BATCH + "}, ${body}, ${exchange})"))
                        .to(direct("dead-letter-park")).id("ingest-amqp-park-refused")
                    .endDoTry()
                .doCatch(Exception.class)
                    .log("A batch of AMQP fixes failed (${exception.message}); taking its messages one by one")
                    // every message, whatever became of the one before (no stopOnException: Camel would
                    // also stop after a message the dead-letter channel parked, and the rest would be
                    // acknowledged without having been judged)
                    .split(method(batches, "messages(${exchangeProperty." + BATCH + "}, ${exchange})"))
                        .to(direct("ingest-amqp-single")).id("ingest-amqp-one-by-one")
                    .end()
                .end();

        from(direct("ingest-amqp-single")).routeId("ingest-amqp-single")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant("amqp"))
                .setHeader(DeadLetterHeaders.INGEST_SOURCE, constant("amqp"))
                .to(direct("telemetry-ingest")).id("ingest-amqp-single-pipeline");
    }
}
