package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * Sender binding on MQTT and Kafka, whose publishers the hub cannot see: the broker binds a
 * publisher to what it may publish to (Mosquitto ACLs such as {@code pattern write
 * deepseaguard/auv/%u/telemetry}; Kafka ACLs and the record key), and this check binds that channel to
 * the fixes. Every fix of an MQTT message must be for the vehicle its topic names (the {@code +} level
 * of {@code deepseaguard.ingest.mqtt.topic}); every fix of a keyed Kafka record for the vehicle of its
 * key. Otherwise the whole message is refused as invalid input (parked at once in the dead letters with
 * the reason, never judged). A body that is not JSON is left to the pipeline, which refuses it with
 * its own reason. Thread-safe.
 */
@Component
public class ChannelBinding {

    private final ObjectMapper json;
    private final int topicLevel;

    public ChannelBinding(ObjectMapper json, IngestProperties ingest) {
        this.json = json;
        this.topicLevel = List.of(ingest.mqtt().topic().split("/", -1)).indexOf("+");
    }

    /** @throws InvalidInputException when a fix is for another vehicle than the topic's */
    public void checkMqtt(String topic, byte[] body) throws IOException {
        if (topic == null || topicLevel < 0) {
            return;
        }
        String[] levels = topic.split("/", -1);
        if (levels.length > topicLevel) {
            check(levels[topicLevel], "topic " + topic, body);
        }
    }

    /** @throws InvalidInputException when a fix is for another vehicle than the record key's */
    public void checkKafka(Object key, byte[] body) throws IOException {
        if (key != null) {
            check(key.toString(), "record key " + key, body);
        }
    }

    private void check(String auvId, String boundBy, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                mismatch(root.get(i), "[" + i + "].auv_id", auvId, boundBy, errors);
            }
        } else {
            mismatch(root, "auv_id", auvId, boundBy, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void mismatch(JsonNode fix, String field, String auvId, String boundBy, List<FieldError> errors) {
        JsonNode id = fix == null ? null : fix.get("auv_id");
        if (id != null && id.isTextual() && !id.textValue().equals(auvId)) {
            errors.add(new FieldError(field, id.textValue() + " is not the vehicle of " + boundBy));
        }
    }
}
