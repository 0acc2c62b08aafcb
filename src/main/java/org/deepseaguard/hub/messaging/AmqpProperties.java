package org.deepseaguard.hub.messaging;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RabbitMQ topology of the hub ({@code deepseaguard.amqp.*}); connection settings are
 * {@code spring.rabbitmq.*}. With {@code enabled} (profile {@code stack}) the exchanges and queues
 * below are declared at startup and re-declared after every reconnect (docs/messaging.md).
 *
 * @param enabled                 declare the topology and broadcast configuration changes
 * @param telemetryExchange       topic exchange vehicles publish fixes to (routing key {@code auv.telemetry.<auv_id>})
 * @param telemetryQueue          durable queue route {@code ingest-amqp} consumes
 * @param telemetryBindingKey     binding of {@code telemetryQueue} to {@code telemetryExchange}
 * @param outputQueues            durable queues the hub's outputs publish to (default exchange, routing key = name)
 * @param deadLetterQueue         durable queue of dead letters
 * @param zoneUpdatesExchange     fanout exchange of zone changes, one exclusive queue per hub instance
 * @param complianceRulesExchange fanout exchange of rule changes, one exclusive queue per hub instance
 */
@ConfigurationProperties("deepseaguard.amqp")
public record AmqpProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("auv_telemetry") String telemetryExchange,
        @DefaultValue("auv_telemetry_raw") String telemetryQueue,
        @DefaultValue("auv.telemetry.#") String telemetryBindingKey,
        @DefaultValue({"compliance_violations", "geofencing_events", "critical_alerts", "warning_alerts",
                "alert_notifications"}) List<String> outputQueues,
        @DefaultValue("deepseaguard.dlq") String deadLetterQueue,
        @DefaultValue("zone_updates") String zoneUpdatesExchange,
        @DefaultValue("compliance_rules") String complianceRulesExchange) {
}
