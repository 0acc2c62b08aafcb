package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A fix published over each broker comes out as the right zone event, violation and critical alert,
 * on the right RabbitMQ queue, with the right payload and headers, and is stored; Kafka
 * {@code auv_analytics} receives every applied fix keyed by {@code auv_id}.
 */
@StackIT
class BrokerIngestIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    private EmbeddedKafkaBroker kafka;

    /** This class's context (and database) is its own, so the zone and rule are created once. */
    private static boolean configured;

    @BeforeEach
    void zoneAndRuleOnce() {
        if (configured) {
            return;
        }
        configured = true;
        apiJson("POST", "/zones", squareZone("IT-APEI-1", "apei", -120.0, 10.0, -119.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-APEI","type":"restricted_zone","severity":"critical","zone_types":["apei"],
                 "description":"no vehicle in an APEI"}""", 201);
    }

    @BeforeEach
    void emptyQueues() {
        purgeOutputs();
        purge(List.of("auv_telemetry_raw"));
    }

    @Test
    void amqpFixBecomesEventViolationAndCriticalAlertOnTheirQueues() {
        publishFix("AUV-AMQP-1", fix("AUV-AMQP-1", T0, 10.5, -119.5, 4200.0));

        assertEntryViolationAndAlert("AUV-AMQP-1");
        assertThat(amqpAdmin.getQueueInfo("auv_telemetry_raw").getMessageCount())
                .as("the fix was acknowledged once processed").isZero();
    }

    @Test
    void mqttFixBecomesEventViolationAndCriticalAlertOnTheirQueues() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-publisher-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        try {
            MqttMessage message = new MqttMessage(
                    fix("AUV-MQTT-1", T0, 10.5, -119.5, 4200.0).getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish("deepseaguard/auv/AUV-MQTT-1/telemetry", message);
        } finally {
            client.disconnect();
            client.close();
        }

        assertEntryViolationAndAlert("AUV-MQTT-1");
    }

    @Test
    void anMqttFixForAnotherVehicleThanItsTopicIsParkedWithTheReasonNeverJudged() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-publisher-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        try {
            // a publisher the broker lets write to AUV-MQTT-2's topic sends a fix for another vehicle
            MqttMessage message = new MqttMessage(
                    fix("AUV-MQTT-FORGED", T0, 10.5, -119.5, 4200.0).getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish("deepseaguard/auv/AUV-MQTT-2/telemetry", message);
        } finally {
            client.disconnect();
            client.close();
        }

        await().atMost(WAIT).until(() -> !jdbc.queryForList(
                "SELECT reason FROM dead_letters WHERE payload LIKE '%AUV-MQTT-FORGED%'", String.class).isEmpty());
        assertThat(jdbc.queryForObject("SELECT reason FROM dead_letters WHERE payload LIKE '%AUV-MQTT-FORGED%'", String.class))
                .isEqualTo("invalid input: auv_id: AUV-MQTT-FORGED is not the vehicle of topic deepseaguard/auv/AUV-MQTT-2/telemetry");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM fix_log WHERE auv_id = 'AUV-MQTT-FORGED'", Integer.class)).isZero();
    }

    @Test
    void aPollOfKafkaRecordsIsJudgedTogetherAndARefusedFixIsParkedAloneWithItsReason() throws Exception {
        double applied = kafkaFixes("applied");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.getBrokersAsString(),
                "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>("auv_telemetry", "AUV-KAFKA-B", fix("AUV-KAFKA-B", T0, 9.5, -119.5, 4100.0)));
            // one record, three fixes; the second has no depth
            producer.send(new ProducerRecord<>("auv_telemetry", "AUV-KAFKA-B", "["
                    + fix("AUV-KAFKA-B", T0.plusSeconds(60), 9.6, -119.5, 4100.0) + ","
                    + "{\"auv_id\":\"AUV-KAFKA-B\",\"timestamp\":\"" + T0.plusSeconds(90) + "\",\"latitude\":9.7,\"longitude\":-119.5},"
                    + fix("AUV-KAFKA-B", T0.plusSeconds(120), 9.8, -119.5, 4100.0) + "]"));
            producer.flush();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafkaFixes("applied") - applied).as("fixes applied").isEqualTo(3));
        assertThat(jdbc.queryForList("SELECT fix_time FROM fix_log WHERE auv_id = 'AUV-KAFKA-B' ORDER BY fix_time", java.sql.Timestamp.class))
                .extracting(java.sql.Timestamp::toInstant)
                .containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT reason FROM dead_letters WHERE source = 'kafka' AND payload LIKE '%AUV-KAFKA-B%'", String.class))
                .as("the refused fix, alone").singleElement().asString().contains("depth"));
        assertThat(jdbc.queryForObject("SELECT payload FROM dead_letters WHERE source = 'kafka' AND payload LIKE '%AUV-KAFKA-B%'",
                String.class)).contains(T0.plusSeconds(90).toString()).doesNotContain(T0.plusSeconds(120).toString());
    }

    private double kafkaFixes(String outcome) {
        return meters.find("deepseaguard.fixes").tag("channel", "kafka").tag("outcome", outcome).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void kafkaFixesAreJudgedAndEveryAppliedFixGoesToAnalyticsKeyedByAuvId() throws Exception {
        List<String> fixes = List.of(
                fix("AUV-KAFKA-1", T0, 9.5, -119.5, 4100.0),                      // outside
                fix("AUV-KAFKA-1", T0.plusSeconds(60), 10.5, -119.5, 4200.0),    // inside: entry, violation
                fix("AUV-KAFKA-1", T0.plusSeconds(120), 10.6, -119.4, 4300.0));  // still inside
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.getBrokersAsString(),
                "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class))) {
            for (String fix : fixes) {
                producer.send(new ProducerRecord<>("auv_telemetry", "AUV-KAFKA-1", fix)).get();
            }
        }

        assertEntryViolationAndAlert("AUV-KAFKA-1");

        Map<String, Object> consumerProps = KafkaTestUtils.consumerProps("it-analytics", "false", kafka);
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("key.deserializer", StringDeserializer.class);
        consumerProps.put("value.deserializer", StringDeserializer.class);
        List<ConsumerRecord<String, String>> analytics = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("auv_analytics"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (analyticsFor("AUV-KAFKA-1", analytics).size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(analytics::add);
            }
        }
        List<ConsumerRecord<String, String>> mine = analyticsFor("AUV-KAFKA-1", analytics);
        assertThat(mine).as("one analytics record per applied fix").hasSize(3);
        assertThat(mine).extracting(ConsumerRecord::key).containsOnly("AUV-KAFKA-1");
        assertThat(mine).extracting(r -> readJson(r.value()).get("timestamp").asText())
                .containsExactly(T0.toString(), T0.plusSeconds(60).toString(), T0.plusSeconds(120).toString());
        assertThat(readJson(mine.get(1).value()).get("latitude").asDouble()).isEqualTo(10.5);
        assertThat(mine.stream().map(ConsumerRecord::partition).distinct()).as("one vehicle, one partition").hasSize(1);
    }

    private static List<ConsumerRecord<String, String>> analyticsFor(String auvId, List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> auvId.equals(r.key())).toList();
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    /** The entry event, the opened violation and its critical alert, each on its queue, and the stored violation. */
    private void assertEntryViolationAndAlert(String auvId) {
        Message event = receive("geofencing_events");
        assertThat(event.getMessageProperties().getHeaders())
                .containsEntry("auv_id", auvId).containsEntry("event_type", "zone_entry");
        assertThat(event.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        JsonNode entry = body(event);
        assertThat(entry.get("type").asText()).isEqualTo("zone_entry");
        assertThat(entry.get("auv_id").asText()).isEqualTo(auvId);
        assertThat(entry.get("zone_id").asText()).isEqualTo("IT-APEI-1");
        assertThat(entry.get("latitude").asDouble()).isEqualTo(10.5);

        Message violationMessage = receive("compliance_violations");
        assertThat(violationMessage.getMessageProperties().getHeaders())
                .containsEntry("auv_id", auvId)
                .containsEntry("event_type", "violation_opened")
                .containsEntry("severity", "critical");
        JsonNode violation = body(violationMessage);
        assertThat(violation.get("rule_id").asText()).isEqualTo("R-IT-APEI");
        assertThat(violation.get("rule_type").asText()).isEqualTo("restricted_zone");
        assertThat(violation.get("zone_id").asText()).isEqualTo("IT-APEI-1");
        assertThat(violation.get("status").asText()).isEqualTo("open");
        assertThat(violation.get("auv_id").asText()).isEqualTo(auvId);

        Message alertMessage = receive("critical_alerts");
        assertThat(alertMessage.getMessageProperties().getHeaders())
                .containsEntry("auv_id", auvId).containsEntry("severity", "critical");
        JsonNode alert = body(alertMessage);
        assertThat(alert.get("rule_id").asText()).isEqualTo("R-IT-APEI");
        assertThat(alert.get("zone_id").asText()).isEqualTo("IT-APEI-1");
        assertThat(alert.get("violation").get("violation_id").asText())
                .isEqualTo(violation.get("violation_id").asText());
        assertThat(body(receive("alert_notifications")).get("alert_id").asText()).isEqualTo(alert.get("alert_id").asText());

        JsonNode stored = apiJson("GET", "/violations?auv_id=" + auvId, null, 200);
        assertThat(stored.get("total").asInt()).isEqualTo(1);
        assertThat(stored.get("violations").get(0).get("violation_id").asText())
                .isEqualTo(violation.get("violation_id").asText());
        assertThat(stored.get("violations").get(0).get("rule_id").asText()).isEqualTo("R-IT-APEI");
    }
}
