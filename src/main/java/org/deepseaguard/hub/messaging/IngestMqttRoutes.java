package org.deepseaguard.hub.messaging;

import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.PahoMqtt5EndpointBuilderFactory.PahoMqtt5EndpointConsumerBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-mqtt}: fixes published to {@code deepseaguard/auv/<auv_id>/telemetry} (QoS 1)
 * are handed to the pipeline ({@code direct:telemetry-ingest}). Acknowledgement is manual: the
 * PUBACK goes to the broker only when the exchange completed (fix evaluated and persisted, or parked
 * in the dead letters). Messages arrive on one client thread, in order. Errors follow route
 * configuration {@code dead-letter}. The broker address is {@code camel.component.paho-mqtt5.broker-url}.
 *
 * <p>Durable sessions (profile {@code stack}): a fixed client id per instance, clean start off and a
 * session expiry, so the broker queues the QoS 1 fixes published while the hub is down (or
 * restarting) and delivers them when it reconnects with the same id; fixes delivered but not yet
 * acknowledged when it stopped come again too (the fix log drops the ones already applied).
 * Two instances must never share a client id: the broker would hand the session from one to the other.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.mqtt.enabled", havingValue = "true")
public class IngestMqttRoutes extends EndpointRouteBuilder {

    static final String ROUTE_ID = "ingest-mqtt";

    private final IngestProperties.Mqtt mqtt;

    public IngestMqttRoutes(IngestProperties ingest) {
        this.mqtt = ingest.mqtt();
    }

    @Override
    public void configure() throws Exception {
        // With a durable session the broker sends the queued fixes right after CONNACK. Started with the
        // other routes, the consumer could get them before direct:telemetry-ingest has its consumer; Paho's
        // single callback thread then blocks in the direct endpoint while Camel's start waits for the
        // SUBACK that thread would deliver. So this route starts when every other route runs.
        getContext().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                context.getRouteController().startRoute(ROUTE_ID);
            }
        });
        from(consumer())
                .routeId(ROUTE_ID)
                .autoStartup(false)
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(DeadLetterService.TELEMETRY_INGEST))
                .setProperty(DeadLetterHeaders.INGEST_SOURCE, constant("mqtt"))
                .setHeader(DeadLetterHeaders.INGEST_SOURCE, constant("mqtt"))
                .to(direct("telemetry-ingest")).id("ingest-mqtt-pipeline");
    }

    private PahoMqtt5EndpointConsumerBuilder consumer() {
        return pahoMqtt5(mqtt.topic())
                .qos(mqtt.qos())
                .clientId(clientId(mqtt))
                .cleanStart(mqtt.cleanStart())
                .sessionExpiryInterval(mqtt.sessionExpiryInterval())
                .manualAcksEnabled(true);
    }

    /**
     * The configured client id; when empty, a random one (no session can be resumed with it: fine for
     * a clean start, and for tests that run several hubs side by side).
     */
    static String clientId(IngestProperties.Mqtt mqtt) {
        return mqtt.clientId() == null || mqtt.clientId().isBlank()
                ? "deepseaguard-hub-" + UUID.randomUUID()
                : mqtt.clientId();
    }
}
