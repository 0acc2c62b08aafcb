package org.deepseaguard.hub.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the hub's RabbitMQ topology (DESIGN section 3) through Spring AMQP's admin, at the first
 * connection and again after every reconnect:
 * <ul>
 *   <li>topic exchange {@code auv_telemetry} and durable queue {@code auv_telemetry_raw} bound with
 *       {@code auv.telemetry.#};</li>
 *   <li>durable output queues ({@code compliance_violations}, {@code geofencing_events},
 *       {@code critical_alerts}, {@code warning_alerts}, {@code alert_notifications}) and the DLQ
 *       {@code deepseaguard.dlq}, published to through the default exchange;</li>
 *   <li>durable fanout exchanges {@code zone_updates} and {@code compliance_rules}, each with an
 *       exclusive, auto-delete queue of this instance ({@link ConfigChangeQueues}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "deepseaguard.amqp.enabled", havingValue = "true")
public class AmqpTopology {

    /** Names of this instance's queues on the configuration-change exchanges. */
    public record ConfigChangeQueues(String zoneUpdates, String complianceRules) {
    }

    @Bean
    ConfigChangeQueues configChangeQueues(AmqpProperties properties) {
        return new ConfigChangeQueues(
                new Base64UrlNamingStrategy(properties.zoneUpdatesExchange() + ".").generateName(),
                new Base64UrlNamingStrategy(properties.complianceRulesExchange() + ".").generateName());
    }

    @Bean
    Declarables deepSeaGuardTopology(AmqpProperties properties, ConfigChangeQueues configQueues) {
        List<Declarable> topology = new ArrayList<>();

        TopicExchange telemetry = ExchangeBuilder.topicExchange(properties.telemetryExchange()).durable(true).build();
        Queue raw = QueueBuilder.durable(properties.telemetryQueue()).build();
        topology.add(telemetry);
        topology.add(raw);
        topology.add(BindingBuilder.bind(raw).to(telemetry).with(properties.telemetryBindingKey()));

        for (String name : properties.outputQueues()) {
            topology.add(QueueBuilder.durable(name).build());
        }
        topology.add(QueueBuilder.durable(properties.deadLetterQueue()).build());

        topology.addAll(broadcast(properties.zoneUpdatesExchange(), configQueues.zoneUpdates()));
        topology.addAll(broadcast(properties.complianceRulesExchange(), configQueues.complianceRules()));
        return new Declarables(topology);
    }

    private static List<Declarable> broadcast(String exchangeName, String queueName) {
        FanoutExchange exchange = ExchangeBuilder.fanoutExchange(exchangeName).durable(true).build();
        Queue queue = new AnonymousQueue(() -> queueName);
        Binding binding = BindingBuilder.bind(queue).to(exchange);
        return List.of(exchange, queue, binding);
    }
}
