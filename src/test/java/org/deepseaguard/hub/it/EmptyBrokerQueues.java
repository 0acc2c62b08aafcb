package org.deepseaguard.hub.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Empties the contract's durable RabbitMQ queues BEFORE the application context (and its consumers)
 * starts, so a test never sees a message an earlier run left behind. Fails loudly when RabbitMQ
 * (127.0.0.1:5672, guest/guest) does not answer.
 */
public class EmptyBrokerQueues implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final List<String> DURABLE_QUEUES = List.of("auv_telemetry_raw", "compliance_violations", "geofencing_events",
            "critical_alerts", "warning_alerts", "alert_notifications", "deepseaguard.dlq");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try (Connection connection = factory.newConnection("deepseaguard-it-cleanup")) {
            for (String queue : DURABLE_QUEUES) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDeclarePassive(queue);
                    channel.queuePurge(queue);
                } catch (IOException notDeclaredYet) {
                    // the hub declares it at startup, empty
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("RabbitMQ on 127.0.0.1:5672 is needed by the integration tests "
                    + "(start it: rabbitmq-server -detached)", e);
        }
    }
}
