package org.deepseaguard.hub.messaging;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Broker ingestion routes ({@code deepseaguard.ingest.*}), each off unless enabled (all on in
 * profile {@code stack}). Broker addresses are component settings ({@code spring.rabbitmq.*},
 * {@code camel.component.paho-mqtt5.broker-url}, {@code camel.component.kafka.brokers}).
 */
@ConfigurationProperties("deepseaguard.ingest")
public record IngestProperties(@DefaultValue Amqp amqp, @DefaultValue Mqtt mqtt, @DefaultValue Kafka kafka) {

    /**
     * Route {@code ingest-amqp} on queue {@code deepseaguard.amqp.telemetry-queue}.
     *
     * @param prefetch    unacknowledged messages the broker may push to the consumer (at least twice
     *                    {@code batch-size}, so the next batch fills while one is judged)
     * @param batchSize   a batch is judged when it holds this many messages...
     * @param batchWindow ...or when this much time has passed since the last batch was cut
     * @param scopes      by RabbitMQ user (the message's {@code user_id}): the vehicles that user may
     *                    publish fixes for ({@link AmqpSenderScopes}); none: no check
     */
    public record Amqp(@DefaultValue("false") boolean enabled,
                       @DefaultValue("1000") int prefetch,
                       @DefaultValue("500") int batchSize,
                       @DefaultValue("PT0.01S") Duration batchWindow,
                       @DefaultValue Map<String, String> scopes) {
    }

    /**
     * Route {@code ingest-mqtt}.
     *
     * @param topic                 topic filter, {@code +} standing for the vehicle id
     * @param qos                   subscription QoS (1: at least once)
     * @param clientId              MQTT client id; must be unique per instance and stable across its
     *                              restarts for a durable session (profile {@code stack}:
     *                              {@code deepseaguard-hub-<HOSTNAME>}); random when empty
     * @param cleanStart            false keeps the session (and the QoS 1 messages queued for it) across
     *                              reconnects and restarts ({@code stack}: false)
     * @param sessionExpiryInterval seconds the broker keeps the session after a disconnect (-1: the
     *                              client library's default, 0: ended at disconnect; {@code stack}: 86400)
     */
    public record Mqtt(@DefaultValue("false") boolean enabled,
                       @DefaultValue("deepseaguard/auv/+/telemetry") String topic,
                       @DefaultValue("1") int qos,
                       String clientId,
                       @DefaultValue("true") boolean cleanStart,
                       @DefaultValue("-1") long sessionExpiryInterval) {
    }

    /**
     * Route {@code ingest-kafka}: the scale-out path (DESIGN section 8), one consumer group shared by
     * every hub instance; records are keyed by {@code auv_id}, so a vehicle's fixes stay on one
     * partition, one consumer, in order.
     *
     * @param autoOffsetReset where a new consumer group starts: {@code earliest} or {@code latest}
     * @param maxPollRecords  records one poll hands over at most, judged together ({@link KafkaBatches})
     */
    public record Kafka(@DefaultValue("false") boolean enabled,
                        @DefaultValue("auv_telemetry") String topic,
                        @DefaultValue("deepseaguard-hub") String groupId,
                        @DefaultValue("1") int consumersCount,
                        @DefaultValue("earliest") String autoOffsetReset,
                        @DefaultValue("500") int maxPollRecords) {
    }
}
