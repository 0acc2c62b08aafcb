package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Issue 9, part 5, against the real RabbitMQ and PostgreSQL (profile {@code stack}, this class's own
 * fresh database): a poison message (a NUL byte, which PostgreSQL {@code text} refuses) lands in {@code dead_letters} with its reason and its original bytes
 * and is acknowledged once (one delivery, no redelivery loop); when the table cannot be written at
 * all, the message goes to {@code deepseaguard.dlq} alone, marked not stored with the reason and the
 * store error, and is acknowledged once too; a poison Kafka record does not stall its partition.
 */
@StackIT
class PoisonDeadLetterIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private EmbeddedKafkaBroker kafka;

    /**
     * Deliveries the AMQP consumer took from auv_telemetry_raw, by delivery tag (a requeued message
     * comes back with a new tag; copies of an exchange made by splitters keep theirs), and how many
     * of them the broker flagged redelivered.
     */
    private final Set<Long> amqpDeliveries = ConcurrentHashMap.newKeySet();
    private final AtomicInteger redelivered = new AtomicInteger();
    private final EventNotifierSupport deliveryCounter = new EventNotifierSupport() {
        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((CamelEvent.ExchangeCreatedEvent) event).getExchange();
            Endpoint from = exchange.getFromEndpoint();
            Long tag = exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
            if (from != null && from.getEndpointUri().startsWith("spring-rabbitmq")
                    && from.getEndpointUri().contains("auv_telemetry_raw") && tag != null && amqpDeliveries.add(tag)
                    && Boolean.TRUE.equals(exchange.getMessage().getHeader(SpringRabbitMQConstants.REDELIVERED, Boolean.class))) {
                redelivered.incrementAndGet();
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeCreatedEvent;
        }
    };

    @BeforeEach
    void setUp() {
        jdbc.update("DELETE FROM dead_letters");
        purgeOutputs();
        purge(List.of("auv_telemetry_raw"));
        camel.getManagementStrategy().addEventNotifier(deliveryCounter);
        ServiceHelper.startService(deliveryCounter);
        amqpDeliveries.clear();
        redelivered.set(0);
    }

    @AfterEach
    void tearDown() {
        camel.getManagementStrategy().removeEventNotifier(deliveryCounter);
        ServiceHelper.stopService(deliveryCounter);
    }

    @Test
    void anAmqpMessageWithANulByteIsStoredWithItsReasonAndAcknowledgedOnce() {
        byte[] poison = ("{\"auv_id\":\"AUV-POISON-1\",\"timestamp\":\"" + T0 + "\",\"latitude\":10.0,\u0000\"longitude\":50.0,\"depth\":10}")
                .getBytes(StandardCharsets.UTF_8);
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        rabbit.send("auv_telemetry", "auv.telemetry.AUV-POISON-1", new Message(poison, properties));

        Message parked = receive("deepseaguard.dlq");
        assertThat(parked.getBody()).as("the original bytes on the DLQ").isEqualTo(poison);
        Map<String, Object> headers = parked.getMessageProperties().getHeaders();
        assertThat((String) headers.get("deepseaguard_dlq_reason")).isNotBlank();
        assertThat(headers).containsEntry("deepseaguard_dlq_source", "amqp").doesNotContainKey("deepseaguard_dlq_stored");
        long id = ((Number) headers.get("deepseaguard_dlq_id")).longValue();

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM dead_letters WHERE id = ?", id);
        assertThat((String) row.get("payload")).doesNotContain("\u0000").contains("AUV-POISON-1").contains("\uFFFD");
        assertThat(Base64.getDecoder().decode((String) row.get("payload_base64"))).isEqualTo(poison);
        assertThat((String) row.get("payload_note")).contains("1 NUL character");
        assertThat((String) row.get("reason")).isEqualTo(headers.get("deepseaguard_dlq_reason"));
        assertThat(row.get("source")).isEqualTo("amqp");
        assertThat(row.get("replay_endpoint")).isEqualTo("direct:telemetry-ingest");

        assertAcknowledgedOnce();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).as("one row, not one per loop").isEqualTo(1);
    }

    @Test
    void whenDeadLettersCannotBeWrittenTheMessageGoesToTheDlqAloneAndIsAcknowledgedOnce() {
        String invalid = "{\"auv_id\":\"AUV-POISON-2\",\"timestamp\":\"" + T0 + "\",\"latitude\":123.0,\"longitude\":50.5,\"depth\":100}";
        jdbc.execute("ALTER TABLE dead_letters RENAME TO dead_letters_under_maintenance");
        try {
            publishFix("AUV-POISON-2", invalid);
            Message parked = receive("deepseaguard.dlq");
            assertThat(new String(parked.getBody(), StandardCharsets.UTF_8)).isEqualTo(invalid);
            Map<String, Object> headers = parked.getMessageProperties().getHeaders();
            assertThat((String) headers.get("deepseaguard_dlq_reason")).startsWith("invalid input").contains("latitude");
            assertThat(headers).containsEntry("deepseaguard_dlq_stored", false)
                    .containsEntry("deepseaguard_dlq_source", "amqp")
                    .containsEntry("deepseaguard_dlq_route_id", "ingest-normalize")
                    .doesNotContainKey("deepseaguard_dlq_id");
            assertThat(((String) headers.get("deepseaguard_dlq_store_error")).toLowerCase()).contains("dead_letters");
            assertAcknowledgedOnce();
        } finally {
            jdbc.execute("ALTER TABLE dead_letters_under_maintenance RENAME TO dead_letters");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class))
                .as("nothing stored later by a redelivery").isZero();
    }

    @Test
    void aPoisonKafkaRecordDoesNotStallItsPartition() throws Exception {
        byte[] poison = ("{\"auv_id\":\"AUV-POISON-K\",\"timestamp\":\"" + T0 + "\",\u0000}").getBytes(StandardCharsets.UTF_8);
        String good = fix("AUV-POISON-K", T0.plusSeconds(60), 5.0, 5.0, 100.0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.getBrokersAsString(),
                "key.serializer", StringSerializer.class,
                "value.serializer", ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>("auv_telemetry", "AUV-POISON-K", poison)).get();
            producer.send(new ProducerRecord<>("auv_telemetry", "AUV-POISON-K", good.getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                apiJson("GET", "/auvs/AUV-POISON-K", null, 200).get("last_update").asText())
                .as("the record after the poison one was applied").isEqualTo(T0.plusSeconds(60).toString()));
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM dead_letters WHERE source = 'kafka'");
        assertThat(Base64.getDecoder().decode((String) row.get("payload_base64"))).isEqualTo(poison);
        assertThat((String) row.get("payload_note")).contains("NUL");
    }

    /** One delivery, none ready again, and none coming back while the DLQ stays quiet. */
    private void assertAcknowledgedOnce() {
        await().atMost(WAIT).until(() -> amqpAdmin.getQueueInfo("auv_telemetry_raw").getMessageCount() == 0);
        assertNoMoreMessages("deepseaguard.dlq", Duration.ofSeconds(2));
        assertThat(amqpDeliveries).as("delivered once, not requeued").hasSize(1);
        assertThat(redelivered.get()).as("never flagged redelivered").isZero();
        assertThat(amqpAdmin.getQueueInfo("auv_telemetry_raw").getMessageCount()).isZero();
    }
}
