package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.deepseaguard.hub.service.ConfigurationChanged;
import org.deepseaguard.hub.service.ConfigurationReload;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.VehicleService;
import org.deepseaguard.hub.service.ZoneService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every hub instance's zones, rules and vehicle registrations in step (DESIGN section 8,
 * "zone/rule changes are broadcast to all instances"; registrations go with the rules, on
 * {@code compliance_rules}, since {@code unauthorized_entry} is judged by them):
 * <ul>
 *   <li>a change made here ({@link ConfigurationChanged}, published by the zone and rule services
 *       after commit) is handed to route {@code config-broadcast}, which publishes it on
 *       {@code zone_updates} / {@code compliance_rules};</li>
 *   <li>a change message received from those exchanges (from any instance, this one included) makes
 *       this instance reload zones or rules from the shared database ({@link #apply});</li>
 *   <li>after every (re)connection to RabbitMQ, this instance reloads both, in case it missed a change
 *       while its exclusive queues were gone.</li>
 * </ul>
 * Reloading is idempotent, so duplicates and reordering are harmless; a message that finds no change
 * since the last reload (the count of version rows) reloads nothing, so a burst of changes (an import)
 * costs one reload, not one per zone. Thread-safe.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.amqp.enabled", havingValue = "true")
public class ConfigChangeSync implements ConnectionListener {

    /** In-memory hand-over to route {@code config-broadcast}, so an API call never waits on the broker. */
    static final String BROADCAST_QUEUE = "seda:config-broadcast";
    static final String RESYNC_QUEUE = "seda:config-resync";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeSync.class);

    private final ZoneService zones;
    private final RuleService rules;
    private final VehicleService vehicles;
    private final ConfigurationReload reload;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public ConfigChangeSync(ZoneService zones, RuleService rules, VehicleService vehicles, ConfigurationReload reload,
            ProducerTemplate producer, ObjectMapper json, ConnectionFactory connectionFactory) {
        this.reload = reload;
        this.zones = zones;
        this.rules = rules;
        this.vehicles = vehicles;
        this.producer = producer;
        this.json = json;
        connectionFactory.addConnectionListener(this);
    }

    /** A zone or rule changed here: broadcast it (asynchronously, through route {@code config-broadcast}). */
    @EventListener
    public void changed(ConfigurationChanged change) {
        producer.sendBody(BROADCAST_QUEUE, change);
    }

    /** Route {@code config-broadcast}: the change as its JSON message, with header {@code event_type}. */
    public void toMessage(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        ConfigurationChanged change = message.getMandatoryBody(ConfigurationChanged.class);
        message.setHeader("kind", change.kind());
        message.setHeader("event_type", change.kind() + "_" + change.action());
        message.setBody(json.writeValueAsString(change));
    }

    /** Routes {@code config-zone-updates} / {@code config-rule-updates}: apply a change message. */
    public void apply(String body) throws IOException {
        JsonNode change = json.readTree(body);
        String kind = change.path("kind").asText();
        reload.apply(kind, change.path("id").asText());
        LOG.info("Applied {} change {} (version {}, {})", kind, change.path("id").asText(),
                change.path("version").asInt(), change.path("action").asText());
    }

    /** Route {@code config-resync}: reload zones and rules. */
    public void reloadAll() {
        zones.reload();
        rules.reload();
        vehicles.reloadAll();
        LOG.info("Reloaded zones, rules and vehicle registrations from the database after a (re)connection to RabbitMQ");
    }

    @Override
    public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
        // never reload on the connecting thread: it may be a publisher holding a service lock
        if (!producer.getCamelContext().isStarted()) {
            return; // the first connection, at startup: the engine was just built from the database
        }
        try {
            producer.sendBody(RESYNC_QUEUE, "connected");
        } catch (RuntimeException e) {
            LOG.warn("Could not schedule the reload of zones and rules after a reconnection: {}", e.toString());
        }
    }
}
