package org.deepseaguard.hub.messaging;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.routes.Headers;
import org.deepseaguard.hub.routes.PipelineRoutes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-kafka}, the scale-out path (DESIGN section 8): topic {@code auv_telemetry},
 * keyed by {@code auv_id}, consumed by every hub instance in one consumer group, so a vehicle's fixes
 * stay on one partition and one consumer, in order. camel-kafka's batching consumer hands over each
 * poll's records at once ({@link KafkaBatches}): runs of plain records are judged as one pipeline
 * batch ({@code direct:telemetry-ingest}, one transaction), other records one by one through route
 * {@code ingest-kafka-record} (errors there follow route configuration {@code dead-letter}: parked
 * with the reason). The offsets are committed only after the whole poll is done. Should even parking
 * fail (nothing could record a record), the poll's exchange fails, nothing is committed and the
 * consumer ({@code breakOnFirstError}) reconnects and reads every uncommitted record again; the fixes
 * already judged are then duplicates in the fix log. In cluster mode a record with header
 * {@value ClusterConfigMarkers#HEADER} is a configuration change's marker, applied in partition
 * order ({@link ClusterConfigMarkers}), not a fix. The brokers are {@code camel.component.kafka.brokers}.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.kafka.enabled", havingValue = "true")
public class IngestKafkaRoutes extends EndpointRouteBuilder {

    private static final String RUN = "deepseaguardKafkaRun";

    private final IngestProperties.Kafka kafka;
    private final KafkaBatches batches;
    private final ChannelBinding binding;
    private final ClusterConfigMarkers markers;

    public IngestKafkaRoutes(IngestProperties ingest, KafkaBatches batches, ChannelBinding binding,
                             ObjectProvider<ClusterConfigMarkers> markers) {
        this.kafka = ingest.kafka();
        this.batches = batches;
        this.binding = binding;
        this.markers = markers.getIfAvailable();
    }

    @Override
    public void configure() {
        from(kafka(kafka.topic())
                        .groupId(kafka.groupId())
                        .consumersCount(kafka.consumersCount())
                        .autoOffsetReset(kafka.autoOffsetReset())
                        .autoCommitEnable(false)
                        .allowManualCommit(true)
                        .breakOnFirstError(true)
                        .batching(true)
                        .maxPollRecords(kafka.maxPollRecords())
                        .advanced()
                        .kafkaManualCommitFactory(new DefaultKafkaManualCommitFactory()))
                .routeId("ingest-kafka")
                .process(batches).id("ingest-kafka-commit")
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                // in order; a parked record does not stop the others (no stopOnException: Camel would stop
                // after it too), a record nothing could record fails the poll (the exception is kept)
                .split(method(batches, "segments"), new UseOriginalAggregationStrategy(null, true)).id("ingest-kafka-segments")
                    .choice()
                        .when(body().isInstanceOf(KafkaBatches.Run.class))
                            .to(direct("ingest-kafka-run")).id("ingest-kafka-to-run")
                        .otherwise()
                            .to(direct("ingest-kafka-record")).id("ingest-kafka-to-record")
                    .end()
                .end();

        from(direct("ingest-kafka-run")).routeId("ingest-kafka-run")
                .setProperty(RUN, body())
                .doTry()
                    .setBody(method(batches, "fixes"))
                    .setHeader(Headers.SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                    .to(direct("telemetry-ingest")).id("ingest-kafka-pipeline")
                    .split(method(batches, "rejections(${exchangeProperty." + RUN + "}, ${body}, ${exchange})"))
                        .to(direct("dead-letter-park")).id("ingest-kafka-park-refused")
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "A run of Kafka records failed (${exception.message}); taking its records one by one")
                    // every record, whatever became of the one before (parked ones included)
                    .split(method(batches, "records(${exchangeProperty." + RUN + "}, ${exchange})"))
                        .to(direct("ingest-kafka-record")).id("ingest-kafka-one-by-one")
                    .end()
                .end();

        // one record on its own: a marker, a record that is not plain, or one of a failed run
        RouteDefinition record = from(direct("ingest-kafka-record")).routeId("ingest-kafka-record")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID);
        if (markers != null) {
            // cluster mode: a configuration change met in partition order is applied before what follows
            record.filter(header(ClusterConfigMarkers.HEADER).isNotNull()).id("ingest-kafka-marker")
                    .bean(markers, "apply(${bodyAs(String)})").id("ingest-kafka-marker-apply")
                    .stop()
                .end();
        }
        record
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                .setHeader(DeadLetterHeaders.INGEST_SOURCE, constant(PipelineRoutes.KAFKA_SOURCE))
                .bean(binding, "checkKafka(${header[" + KafkaConstants.KEY + "]}, ${bodyAs(byte[])})")
                    .id("ingest-kafka-key-binding")
                .to(direct("telemetry-ingest")).id("ingest-kafka-record-pipeline");
    }
}
