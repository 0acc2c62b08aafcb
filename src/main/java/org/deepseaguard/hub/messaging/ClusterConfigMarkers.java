package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.deepseaguard.hub.service.ConfigurationChanged;
import org.deepseaguard.hub.service.ConfigurationReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Cluster mode: a change of configuration made here reaches every vehicle's owner before that
 * vehicle's next fix. After the change is committed ({@link ConfigurationChanged}, published on the
 * caller's thread), a marker record goes onto the telemetry topic and the caller waits for Kafka's
 * acknowledgement: a vehicle registration's marker keyed by its {@code auv_id} (so it lands on the
 * vehicle's partition, ahead of any fix sent after the API answered), a zone's or rule's marker on
 * every partition. The owner's route {@code ingest-kafka} meets the marker in order and reloads
 * from the shared database ({@link #apply}) before it judges what follows. The broadcast on
 * {@code zone_updates} / {@code compliance_rules} still reaches every instance (the API and the
 * instances without partitions read it).
 *
 * <p>Kafka unreachable: the change stands (it is committed), the marker is logged and counted
 * ({@code deepseaguard.cluster.markers.failed}) and the owners take the change from the broadcast
 * instead, without the ordering. A zone or rule marker needs the partition count, known from the
 * first assignment of this instance's consumer; before that only the broadcast carries it.
 * Thread-safe.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterConfigMarkers {

    /** The Kafka header that makes a record on the telemetry topic a change marker; its value is the kind. */
    public static final String HEADER = "deepseaguard_config_change";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfigMarkers.class);

    private final ProducerTemplate producer;
    private final ClusterRebalance partitions;
    private final ConfigurationReload reload;
    private final ObjectMapper json;
    private final String uri;
    private final Counter failed;

    public ClusterConfigMarkers(ProducerTemplate producer, ClusterRebalance partitions, ConfigurationReload reload,
                                ObjectMapper json, IngestProperties ingest, MeterRegistry meters) {
        this.producer = producer;
        this.partitions = partitions;
        this.reload = reload;
        this.json = json;
        this.uri = "kafka:" + ingest.kafka().topic();
        this.failed = Counter.builder("deepseaguard.cluster.markers.failed")
                .description("configuration change markers Kafka did not take (the broadcast carried the change)")
                .register(meters);
    }

    /** A change committed here: its marker onto the partitions it concerns, waiting for Kafka. */
    @EventListener
    public void changed(ConfigurationChanged change) {
        try {
            String body = json.writeValueAsString(change);
            if ("vehicle".equals(change.kind())) {
                send(body, change.kind(), KafkaConstants.KEY, change.id());
            } else {
                for (int p = 0; p < partitions.partitionCount(); p++) {
                    send(body, change.kind(), KafkaConstants.PARTITION_KEY, p);
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            failed.increment();
            LOG.warn("The marker of {} {} version {} did not reach Kafka; its owners take it from the broadcast: {}",
                    change.kind(), change.id(), change.version(), e.toString());
        }
    }

    private void send(String body, String kind, String header, Object value) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(HEADER, kind);
        headers.put(header, value);
        producer.sendBodyAndHeaders(uri, body, headers);
    }

    /** Route {@code ingest-kafka}: a marker met on a partition this instance owns; reloads what it names. */
    public void apply(String body) throws JsonProcessingException {
        JsonNode change = json.readTree(body);
        reload.apply(change.path("kind").asText(), change.path("id").asText());
        LOG.debug("Applied the marker of {} {} version {}", change.path("kind").asText(), change.path("id").asText(),
                change.path("version").asInt());
    }
}
