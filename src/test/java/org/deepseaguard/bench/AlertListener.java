package org.deepseaguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sees probe violations on the RabbitMQ queue {@code critical_alerts} (declared by the hub in
 * profile stack): alerts with header {@code event_type} = {@code violation_opened} and rule
 * R-LOAD-CRIT are handed to the tracker by their {@code violation.auv_id} and
 * {@code violation.started_at}, stamped on delivery. It is a competing consumer with auto-ack: the
 * alerts it reads are gone for other consumers of that queue. Alerts about violations that started
 * before the run (left in the queue by earlier runs) are ignored.
 */
final class AlertListener {

    static final String QUEUE = "critical_alerts";

    private final Channel channel;
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();

    AlertListener(Connection connection, ObjectMapper json, ProbeTracker probes, long runStartMs) throws IOException {
        channel = connection.createChannel();
        channel.queueDeclarePassive(QUEUE);
        channel.basicQos(1000);
        channel.basicConsume(QUEUE, true, "deepseaguard-loadgen", new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                long seen = System.nanoTime();
                alerts.incrementAndGet();
                Object eventType = properties.getHeaders() == null ? null : properties.getHeaders().get("event_type");
                if (eventType != null && !"violation_opened".equals(eventType.toString())) {
                    return;
                }
                try {
                    JsonNode alert = json.readTree(body);
                    if (!"violation_opened".equals(alert.path("event_type").asText())
                            || !LoadWorld.CRITICAL_RULE.equals(alert.path("rule_id").asText())) {
                        return;
                    }
                    JsonNode violation = alert.path("violation");
                    long startedAt = Instant.parse(violation.path("started_at").asText()).toEpochMilli();
                    if (startedAt >= runStartMs) {
                        probes.seen(violation.path("auv_id").asText(), startedAt, seen);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                }
            }
        });
    }

    void stop() {
        try {
            channel.close();
        } catch (Exception ignored) {
            // the run is over
        }
    }
}
