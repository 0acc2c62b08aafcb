package org.deepseaguard.hub.messaging;

import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.PahoMqtt5EndpointBuilderFactory.PahoMqtt5EndpointConsumerBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Route {@code ingest-mqtt}: fixes published to {@code deepseaguard/auv/<auv_id>/telemetry} (QoS 1)
 * are handed to the pipeline ({@code direct:telemetry-ingest}). Acknowledgement is manual: the
 * PUBACK goes to the broker only when the exchange completed (fix evaluated and persisted, or parked
 * in the dead letters). Messages arrive on one client thread, in order. Errors follow route
 * configuration {@code dead-letter}. The hub builds the Paho client itself ({@link ConnectOnSubscribeClient})
 * with the connection settings of the component ({@code camel.component.paho-mqtt5.*}: broker URL or
 * server URIs, user name and password, TLS through {@code ssl-client-props} or a {@code socket-factory},
 * keep-alive, timeouts, reconnect), as Camel's own client would; only clean start and session expiry
 * come from {@code deepseaguard.ingest.mqtt}.
 *
 * <p>Durable sessions (profile {@code stack}): a fixed client id per instance, clean start off and a
 * session expiry, so the broker queues the QoS 1 fixes published while the hub is down (or
 * restarting) and delivers them when it reconnects with the same id; fixes delivered but not yet
 * acknowledged when it stopped come again too (the fix log drops the ones already applied).
 * Two instances must never share a client id: the broker would hand the session from one to the other.
 * In cluster mode the instances share one subscription ({@link #topicFilter}): each fix reaches one of them.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.ingest.mqtt.enabled", havingValue = "true")
public class IngestMqttRoutes extends EndpointRouteBuilder implements DisposableBean {

    static final String ROUTE_ID = "ingest-mqtt";

    private final IngestProperties.Mqtt mqtt;
    private final ChannelBinding binding;
    private MqttClient client;

    private final String topicFilter;

    public IngestMqttRoutes(IngestProperties ingest, ChannelBinding binding, ClusterProperties cluster) {
        this.mqtt = ingest.mqtt();
        this.topicFilter = topicFilter(mqtt.topic(), cluster.enabled(), ingest.kafka().groupId());
        this.binding = binding;
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
        PahoMqtt5Component component = getContext().getComponent("paho-mqtt5", PahoMqtt5Component.class);
        PahoMqtt5Configuration configuration = component.getConfiguration().copy();
        configuration.setCleanStart(mqtt.cleanStart());
        configuration.setSessionExpiryInterval(mqtt.sessionExpiryInterval());
        MqttConnectionOptions options = ComponentOptions.of(component, configuration);
        client = new ConnectOnSubscribeClient(configuration.getBrokerUrl(), clientId(mqtt), options);
        return pahoMqtt5(topicFilter)
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

    /** The connection options Camel's Paho endpoint builds from a configuration (one place for them). */
    private static final class ComponentOptions extends PahoMqtt5Endpoint {

        private ComponentOptions(PahoMqtt5Component component, PahoMqtt5Configuration configuration) {
            super("paho-mqtt5:options", "options", component, configuration);
        }

        static MqttConnectionOptions of(PahoMqtt5Component component, PahoMqtt5Configuration configuration) {
            return new ComponentOptions(component, configuration).createMqttConnectionOptions();
        }
    }

    /**
     * The subscription's topic filter: the configured one, or in cluster mode a shared subscription
     * ({@code $share/<group>/<topic>}, MQTT 5, group = the Kafka consumer group) so the broker hands
     * each fix to ONE of the instances, which forwards it to its vehicle's owner. A plain subscription
     * would give every instance every fix: each would forward its copy, found duplicates by the owner.
     */
    static String topicFilter(String topic, boolean cluster, String group) {
        return cluster ? "$share/" + group + "/" + topic : topic;
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
