package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The YAML route shipped as an example in docs/examples (forward critical alerts to the operations
 * centre's exchange), dropped into a temporary routes folder, is loaded and runs against RabbitMQ.
 */
@StackIT
class YamlRouteIT extends StackTestSupport {

    private static final Path EXAMPLE = Path.of("docs", "examples", "forward-critical-alerts.camel.yaml");
    private static final Path ROUTES_DIR;
    private static final Instant T0 = Instant.now().minus(25, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    static {
        try {
            ROUTES_DIR = Files.createTempDirectory("dsg-it-yaml-routes");
            Files.copy(EXAMPLE, ROUTES_DIR.resolve(EXAMPLE.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routesFolder(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.routes-dir", ROUTES_DIR::toString);
    }

    @Test
    void theExampleRouteFromTheRoutesFolderForwardsCriticalAlerts() {
        Route route = camel.getRoute("forward-critical-alert");
        assertThat(route).as("loaded from the routes folder").isNotNull();
        assertThat(route.getSourceLocation()).contains(ROUTES_DIR.getFileName().toString());
        assertThat(camel.getRouteController().getRouteStatus("forward-critical-alert").isStarted()).isTrue();
        // the subscription the example's header tells the integrator to make
        apiJson("POST", "/subscriptions", """
                {"subscription_id":"ops-console","channel":"route","target":"direct:forward-critical-alert","min_severity":"critical",
                 "zone_ids":["IT-YAML-APEI"]}""", 201);

        // the operations centre's console queue on the exchange the route publishes to
        Queue console = QueueBuilder.nonDurable("it.ops.console." + System.nanoTime()).exclusive().build();
        amqpAdmin.declareQueue(console);
        amqpAdmin.declareBinding(BindingBuilder.bind(console).to(new TopicExchange("ops_alerts")).with("critical"));
        try {
            apiJson("POST", "/zones", squareZone("IT-YAML-APEI", "apei", 80.0, 10.0, 81.0, 11.0), 201);
            apiJson("POST", "/rules", """
                    {"rule_id":"R-IT-YAML","type":"restricted_zone","severity":"critical","zone_ids":["IT-YAML-APEI"]}""", 201);
            purgeOutputs();

            publishFix("AUV-YAML-1", fix("AUV-YAML-1", T0, 10.5, 80.5, 3000.0));

            Message forwarded = receive(console.getName());
            assertThat(forwarded.getMessageProperties().getHeaders())
                    .containsEntry("forwarded_by", "deepseaguard")
                    .containsEntry("auv_id", "AUV-YAML-1")
                    .containsEntry("severity", "critical");
            JsonNode alert = body(forwarded);
            assertThat(alert.get("rule_id").asText()).isEqualTo("R-IT-YAML");
            assertThat(alert.get("zone_id").asText()).isEqualTo("IT-YAML-APEI");
            assertThat(alert.get("violation").get("auv_id").asText()).isEqualTo("AUV-YAML-1");
            assertThat(forwarded.getMessageProperties().getHeaders()).containsKey("X-DeepSeaGuard-Delivery");
            // the built-in output keeps its own copy: the route took nothing from it
            Message kept = receive("critical_alerts");
            assertThat(body(kept).get("alert_id").asText()).isEqualTo(alert.get("alert_id").asText());
        } finally {
            amqpAdmin.deleteQueue(console.getName());
        }
    }
}
