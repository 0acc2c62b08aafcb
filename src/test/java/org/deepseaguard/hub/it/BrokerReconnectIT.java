package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * At-least-once across a broker reconnect: the connection to RabbitMQ is lost while a fix is being
 * processed and that processing fails once. The fix is redelivered by the broker after the
 * reconnect and judged; its violation is stored and published exactly once, nothing is parked.
 */
@StackIT
@UseAdviceWith
class BrokerReconnectIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private CachingConnectionFactory connectionFactory;

    /** Each delivery of the fix that reached the pipeline step, with the broker's redelivered flag. */
    private final List<Boolean> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failed = new AtomicBoolean();

    /** Before the pipeline, the first time only: drop the broker connection, then fail. */
    private final Processor connectionLostThenFailure = new Processor() {
        @Override
        public void process(Exchange exchange) {
            deliveries.add(exchange.getMessage().getHeader(SpringRabbitMQConstants.REDELIVERED, Boolean.FALSE, Boolean.class));
            if (failed.compareAndSet(false, true)) {
                connectionFactory.resetConnection();
                throw new IllegalStateException("simulated failure right after the broker connection was lost");
            }
        }
    };

    @Test
    void aFixWhoseProcessingFailsWhenTheConnectionDropsIsRedeliveredAndJudgedOnce() throws Exception {
        AdviceWith.adviceWith(camel, "ingest-amqp-batch",
                route -> route.weaveById("ingest-amqp-pipeline").before().process(connectionLostThenFailure));
        camel.start();
        apiJson("POST", "/zones", squareZone("IT-RC-APEI", "apei", 70.0, 10.0, 71.0, 11.0), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-RC","type":"restricted_zone","severity":"critical","zone_ids":["IT-RC-APEI"]}""", 201);
        purgeOutputs();

        NotifyBuilder twoDeliveriesDone = new NotifyBuilder(camel).fromRoute("ingest-amqp").whenDone(2).create();
        publishFix("AUV-RC-1", fix("AUV-RC-1", T0, 10.5, 70.5, 3500.0));

        assertThat(twoDeliveriesDone.matches(60, TimeUnit.SECONDS)).as("the fix was delivered again after the reconnect").isTrue();
        assertThat(failed).isTrue();
        // the redelivered message is judged in its batch, after its consumer exchange is done
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deliveries).as("first delivery, then the broker's redelivery").contains(false).endsWith(true));

        Message violationMessage = receive("compliance_violations");
        JsonNode violation = body(violationMessage);
        assertThat(violation.get("auv_id").asText()).isEqualTo("AUV-RC-1");
        assertThat(violation.get("rule_id").asText()).isEqualTo("R-IT-RC");
        assertNoMoreMessages("compliance_violations", Duration.ofSeconds(2));

        JsonNode stored = apiJson("GET", "/violations?auv_id=AUV-RC-1", null, 200);
        assertThat(stored.get("total").asInt()).as("stored exactly once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM violations WHERE auv_id = 'AUV-RC-1'", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).as("nothing parked").isZero();
        assertThat(amqpAdmin.getQueueInfo("auv_telemetry_raw").getMessageCount()).as("acknowledged in the end").isZero();
        assertThat(amqpAdmin.getQueueInfo("auv_telemetry_raw").getConsumerCount()).as("consuming again").isEqualTo(1);
    }
}
