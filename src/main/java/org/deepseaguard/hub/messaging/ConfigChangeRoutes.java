package org.deepseaguard.hub.messaging;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Configuration-change broadcast between hub instances ({@link ConfigChangeSync}, docs/messaging.md):
 * <ul>
 *   <li>{@code config-broadcast}: publishes {@code {"kind","id","version","action"}} to fanout exchange
 *       {@code zone_updates} or {@code compliance_rules} (persistent, confirmed);</li>
 *   <li>{@code config-zone-updates}, {@code config-rule-updates}: this instance's exclusive queues on
 *       those exchanges, each message applied by {@code config-apply} (reload from the database);</li>
 *   <li>{@code config-resync}: reload everything after a (re)connection.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.amqp.enabled", havingValue = "true")
public class ConfigChangeRoutes extends EndpointRouteBuilder {

    private final AmqpProperties amqp;
    private final AmqpTopology.ConfigChangeQueues queues;
    private final ConfigChangeSync sync;

    public ConfigChangeRoutes(AmqpProperties amqp, AmqpTopology.ConfigChangeQueues queues, ConfigChangeSync sync) {
        this.amqp = amqp;
        this.queues = queues;
        this.sync = sync;
    }

    @Override
    public void configure() {
        from(ConfigChangeSync.BROADCAST_QUEUE).routeId("config-broadcast")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .bean(sync, "toMessage").id("config-broadcast-message")
                .choice().id("config-broadcast-by-kind")
                    .when(header("kind").isEqualTo("zone"))
                        .to(springRabbitmq(amqp.zoneUpdatesExchange())).id("config-broadcast-zone")
                    .otherwise()
                        .to(springRabbitmq(amqp.complianceRulesExchange())).id("config-broadcast-rule")
                .end();

        from(springRabbitmq(amqp.zoneUpdatesExchange()).queues(queues.zoneUpdates()).autoDeclare(false))
                .routeId("config-zone-updates")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant("direct:config-apply"))
                .to(direct("config-apply"));

        from(springRabbitmq(amqp.complianceRulesExchange()).queues(queues.complianceRules()).autoDeclare(false))
                .routeId("config-rule-updates")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant("direct:config-apply"))
                .to(direct("config-apply"));

        from(direct("config-apply")).routeId("config-apply")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .bean(sync, "apply(${bodyAs(String)})").id("config-apply-reload");

        from(ConfigChangeSync.RESYNC_QUEUE).routeId("config-resync")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .bean(sync, "reloadAll").id("config-resync-reload");
    }
}
