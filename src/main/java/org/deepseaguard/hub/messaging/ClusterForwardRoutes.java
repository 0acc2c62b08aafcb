package org.deepseaguard.hub.messaging;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code cluster-forward} (cluster mode, {@code deepseaguard.cluster.enabled}): a batch that
 * came in through HTTP, AMQP, MQTT or an integrator's route, validated by {@code ingest-normalize},
 * goes to Kafka instead of being judged here: one record per vehicle on
 * {@code deepseaguard.ingest.kafka.topic} keyed by its {@code auv_id} ({@link ClusterForward#records}),
 * all sent at once and waited for together on the caller's thread (camel-kafka, synchronous, sends an
 * iterable body's messages without waiting in between, then waits for every acknowledgement), so the
 * caller is answered only once Kafka has every fix, and callers that settle in order (AMQP batches
 * acknowledged "up to" a delivery tag) stay in order. A vehicle's records keep their order on its partition
 * (the producer is idempotent, Kafka's default). Route {@code ingest-kafka} on the instance that
 * owns the partition judges them.
 *
 * <p>Route configuration {@code pipeline-errors}, as {@code ingest-normalize}: a record Kafka does not
 * take fails the caller (HTTP 5xx, a broker message redelivered or dead-lettered by its own route),
 * never parked here; records of the batch already on Kafka are then sent again with the retry and
 * their fixes are found duplicates by the judging instance's fix log. Only the fixes travel: a
 * record carries its key and no header of the caller's exchange.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterForwardRoutes extends EndpointRouteBuilder {

    /** The validated batch, kept for the answer while the body is its records. */
    private static final String BATCH = "deepseaguardForwardedBatch";

    private final IngestProperties.Kafka kafka;
    private final ClusterForward forward;

    public ClusterForwardRoutes(IngestProperties ingest, ClusterForward forward) {
        if (!ingest.kafka().enabled()) {
            throw new IllegalStateException("deepseaguard.cluster.enabled=true needs deepseaguard.ingest.kafka.enabled=true: "
                    + "in cluster mode only the Kafka consumer judges fixes");
        }
        this.kafka = ingest.kafka();
        this.forward = forward;
    }

    @Override
    public void configure() {
        from(direct("cluster-forward")).routeId("cluster-forward").routeConfigurationId("pipeline-errors")
                .setProperty(BATCH, body())
                .transform(method(forward, "records")).id("cluster-forward-records")
                // each record with its own headers (its key only), not the caller's; on the caller's thread,
                // so the caller (an AMQP batch, an MQTT message) is settled there and in order
                .to(kafka(kafka.topic()).batchWithIndividualHeaders(true).advanced().synchronous(true))
                    .id("cluster-forward-kafka")
                .setBody(exchangeProperty(BATCH))
                .removeProperty(BATCH)
                .bean(forward, "forwarded").id("cluster-forward-answer");
    }
}
