package org.deepseaguard.hub.messaging;

import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.PahoMqtt5EndpointBuilderFactory.PahoMqtt5EndpointConsumerBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-mqtt}: fixes published to {@code deepseaguard/auv/<auv_id>/telemetry} (QoS 1)
 * are handed to the pipeline ({@code direct:telemetry-ingest}). Acknowledgement is manual: the
 * PUBACK goes to the broker only when the exchange completed (fix evaluated and persisted, or parked
 * in the dead letters). Messages arrive on one client thread, in order. Errors follow route
 * configuration {@code dead-letter}. The broker address is {@code camel.component.paho-mqtt5.broker-url}
 * ({@code automatic-reconnect} too); the hub builds the Paho client itself ({@link ConnectOnSubscribeClient}),
 * so other connection settings of the component are not used.
 *
 * <p>Durable sessions (profile {@code stack}): a fixed client id per instance, clean start off and a
 * session expiry, so the broker queues the QoS 1 fixes published while the hub is down (or
 * restarting) and delivers them when it reconnects with the same id; fixes delivered but not yet
 * acknowledged when it stopped come again too (the fix log drops the ones already applied).
 * Two instances must never share a client id: the broker would hand the session from one to the other.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.mqtt.enabled", havingValue = "true")
public class IngestMqttRoutes extends EndpointRouteBuilder implements DisposableBean {

    static final String ROUTE_ID = "ingest-mqtt";

    private final IngestProperties.Mqtt mqtt;
    private final ChannelBinding binding;
    private final String brokerUrl;
    private final boolean automaticReconnect;
    private MqttClient client;

    public IngestMqttRoutes(IngestProperties ingest, ChannelBinding binding,
                            @Value("${camel.component.paho-mqtt5.broker-url:tcp://localhost:1883}") String brokerUrl,
                            @Value("${camel.component.paho-mqtt5.automatic-reconnect:true}") boolean automaticReconnect) {
        this.mqtt = ingest.mqtt();
        this.binding = binding;
        this.brokerUrl = brokerUrl;
        this.automaticReconnect = automaticReconnect;
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
                .bean(binding, "checkMqtt(${header." + PahoMqtt5Constants.MQTT_TOPIC + "}, ${bodyAs(byte[])})")
                    .id("ingest-mqtt-topic-binding")
                .to(direct("telemetry-ingest")).id("ingest-mqtt-pipeline");
    }

    private PahoMqtt5EndpointConsumerBuilder consumer() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(mqtt.cleanStart());
        if (mqtt.sessionExpiryInterval() >= 0) {
            options.setSessionExpiryInterval(mqtt.sessionExpiryInterval());
        }
        options.setAutomaticReconnect(automaticReconnect);
        client = new ConnectOnSubscribeClient(brokerUrl, clientId(mqtt), options);
        return pahoMqtt5(mqtt.topic())
                .qos(mqtt.qos())
                .clientId(client.getClientId())
                .cleanStart(mqtt.cleanStart())
                .sessionExpiryInterval(mqtt.sessionExpiryInterval())
                .manualAcksEnabled(true)
                .advanced().client(client).basic();
    }

    @Override
    public void destroy() throws MqttException {
        if (client != null) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /**
     * A Paho client that connects when Camel subscribes it, which is after Camel has set its message
     * callback. Camel's own client connects first and sets the callback after: a durable session's
     * queued fixes, sent by the broker right after CONNACK, could reach a client without a callback and
     * stay unacknowledged (in flight, so not sent again) until the next reconnect. Manual
     * acknowledgement: the consumer acknowledges each message when its exchange completed.
     */
    static final class ConnectOnSubscribeClient extends MqttClient {

        private final MqttConnectionOptions options;

        ConnectOnSubscribeClient(String brokerUrl, String clientId, MqttConnectionOptions options) throws MqttException {
            super(brokerUrl, clientId, new MemoryPersistence());
            this.options = options;
            setManualAcks(true);
        }

        @Override
        public synchronized IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
            if (!isConnected()) {
                connect(options);
            }
            return super.subscribe(topicFilter, qos);
        }
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
