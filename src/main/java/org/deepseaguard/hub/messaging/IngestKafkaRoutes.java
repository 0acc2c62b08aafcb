package org.deepseaguard.hub.messaging;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.routes.PipelineRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-kafka}, the scale-out path (DESIGN section 8): topic {@code auv_telemetry},
 * keyed by {@code auv_id}, consumed by every hub instance in one consumer group, so a vehicle's fixes
 * stay on one partition and one consumer, in order. A record's offset is committed only after the
 * pipeline ({@code direct:telemetry-ingest}) is done with it ({@link KafkaCommitOnCompletion}); on a
 * failure the consumer goes back to the uncommitted record. Errors follow route configuration
 * {@code dead-letter}. In cluster mode a record with header {@value ClusterConfigMarkers#HEADER} is
 * a configuration change's marker, applied here in partition order ({@link ClusterConfigMarkers}), not a fix. The brokers are {@code camel.component.kafka.brokers}.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.kafka.enabled", havingValue = "true")
public class IngestKafkaRoutes extends EndpointRouteBuilder {

    private final IngestProperties.Kafka kafka;
    private final KafkaCommitOnCompletion commit;
    private final ChannelBinding binding;

    private final ClusterConfigMarkers markers;

    public IngestKafkaRoutes(IngestProperties ingest, KafkaCommitOnCompletion commit, ChannelBinding binding,
                             ObjectProvider<ClusterConfigMarkers> markers) {
        this.kafka = ingest.kafka();
        this.markers = markers.getIfAvailable();
        this.commit = commit;
        this.binding = binding;
    }

    @Override
    public void configure() {
        RouteDefinition route = from(kafka(kafka.topic())
                        .groupId(kafka.groupId())
                        .consumersCount(kafka.consumersCount())
                        .autoOffsetReset(kafka.autoOffsetReset())
                        .autoCommitEnable(false)
                        .allowManualCommit(true)
                        .breakOnFirstError(true)
                        .advanced()
                        .kafkaManualCommitFactory(new DefaultKafkaManualCommitFactory()))
                .routeId("ingest-kafka")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID);
        route.process(commit).id("ingest-kafka-commit");
        if (markers != null) {
            // cluster mode: a configuration change met in partition order is applied before what follows
            route.filter(header(ClusterConfigMarkers.HEADER).isNotNull()).id("ingest-kafka-marker")
                    .bean(markers, "apply(${bodyAs(String)})").id("ingest-kafka-marker-apply")
                    .stop()
                .end();
        }
        route
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                .setHeader(DeadLetterHeaders.INGEST_SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                .bean(binding, "checkKafka(${header[" + KafkaConstants.KEY + "]}, ${bodyAs(byte[])})")
                    .id("ingest-kafka-key-binding")
                .to(direct("telemetry-ingest")).id("ingest-kafka-pipeline");
    }
}
