package org.deepseaguard.hub.messaging;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code cluster-forward} (cluster mode, {@code deepseaguard.cluster.enabled}): a batch that
 * came in through HTTP, AMQP, MQTT or an integrator's route, validated by {@code ingest-normalize},
 * goes to Kafka instead of being judged here: each valid fix is one record on
 * {@code deepseaguard.ingest.kafka.topic} keyed by its {@code auv_id} (the analytics record's form,
 * {@link AnalyticsRecord}), produced one after the other, each waiting for Kafka's acknowledgement,
 * so one vehicle's fixes keep their order and the caller is answered only once Kafka has them all.
 * Route {@code ingest-kafka} on the instance that owns the partition judges them.
 *
 * <p>Route configuration {@code pipeline-errors}, as {@code ingest-normalize}: a fix Kafka does not
 * take fails the caller (HTTP 5xx, a broker message redelivered or dead-lettered by its own route),
 * never parked here; fixes of the batch already on Kafka are then sent again with the retry and are
 * found duplicates by the judging instance's fix log. Only the fix travels: no exchange header is
 * copied onto the record.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterForwardRoutes extends EndpointRouteBuilder {

    private final IngestProperties.Kafka kafka;
    private final ClusterForward forward;
    private final AnalyticsRecord record;

    public ClusterForwardRoutes(IngestProperties ingest, ClusterForward forward, AnalyticsRecord record) {
        if (!ingest.kafka().enabled()) {
            throw new IllegalStateException("deepseaguard.cluster.enabled=true needs deepseaguard.ingest.kafka.enabled=true: "
                    + "in cluster mode only the Kafka consumer judges fixes");
        }
        this.kafka = ingest.kafka();
        this.forward = forward;
        this.record = record;
    }

    @Override
    public void configure() {
        from(direct("cluster-forward")).routeId("cluster-forward").routeConfigurationId("pipeline-errors")
                .split(method(forward, "fixes")).stopOnException().id("cluster-forward-split")
                    .removeHeaders("*")
                    .process(record).id("cluster-forward-record")
                    .removeHeaders("*", KafkaConstants.KEY)
                    .to(kafka(kafka.topic())).id("cluster-forward-kafka")
                .end()
                .bean(forward, "forwarded").id("cluster-forward-answer");
    }
}
