package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The integrators' routes folder without restarts (issue 13; docs/yaml-routes.md "Changing routes
 * while the hub runs"): a file that does not load is reported with its file and line at
 * {@code /api/v1/status} and does not stop the hub; a changed file replaces its routes, a broken
 * change leaves the previous version running, a deleted file's routes go, a new file's come.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.routes-reload-interval=PT0.2S",
                "camel.main.name=deepseaguard-routes-reload"
        })
class RoutesReloadTest {

    static final Path ROUTES;

    static {
        try {
            ROUTES = Files.createTempDirectory("dsg-reload-routes");
            Files.writeString(ROUTES.resolve("answer.camel.yaml"), answer("v1"));
            // a step that does not exist, on line 6: the hub starts all the same
            Files.writeString(ROUTES.resolve("broken.camel.yaml"), """
                    - route:
                        id: reload-broken
                        from:
                          uri: direct:reload-broken
                          steps:
                            - noSuchStep:
                                name: x
                    """);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("dsg-reload-data");
        registry.add("deepseaguard.data-dir", data::toString);
        registry.add("deepseaguard.routes-dir", ROUTES::toString);
    }

    static String answer(String version) {
        return """
                - route:
                    id: reload-answer
                    from:
                      uri: direct:reload-answer
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(version);
    }

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void routesChangeWhileTheHubRunsAndABrokenFileIsReportedNotFatal() throws Exception {
        // at start: the good file runs, the broken one is reported with its line
        assertThat(ask()).isEqualTo("v1");
        JsonNode routes = http.get("/api/v1/status").json().get("routes");
        assertThat(routes.get("folder").asText()).isEqualTo(ROUTES.toAbsolutePath().toString());
        assertThat(routes.at("/routes/answer.camel.yaml/0").asText()).isEqualTo("reload-answer");
        JsonNode broken = error(routes, "broken.camel.yaml");
        assertThat(broken).as("broken.camel.yaml reported").isNotNull();
        assertThat(broken.get("line").asInt()).isEqualTo(6);
        assertThat(broken.get("message").asText()).contains("noSuchStep");
        assertThat(camel.getRoute("reload-broken")).isNull();

        // a change replaces the file's routes
        Files.writeString(ROUTES.resolve("answer.camel.yaml"), answer("v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(ask()));

        // a broken change is reported and the version before keeps running
        Files.writeString(ROUTES.resolve("answer.camel.yaml"), answer("v3").replace("setBody:", "setBodyy:"));
        await().atMost(Duration.ofSeconds(10)).until(() -> error(status(), "answer.camel.yaml") != null);
        assertThat(ask()).isEqualTo("v2");
        assertThat(error(status(), "answer.camel.yaml").get("line").asInt()).isEqualTo(6);

        // fixing the broken file brings it in; a deleted file's routes go; the others never stopped
        Files.writeString(ROUTES.resolve("broken.camel.yaml"), answer("fixed").replace("reload-answer", "reload-fixed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("reload-fixed") != null);
        assertThat(error(status(), "broken.camel.yaml")).isNull();
        Files.delete(ROUTES.resolve("answer.camel.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("reload-answer") == null);
        assertThat(error(status(), "answer.camel.yaml")).as("a deleted file has no error").isNull();
        assertThat(producer.requestBody("direct:reload-fixed", "", String.class)).isEqualTo("fixed");
        assertThat(camel.getRoute("alerts-critical")).as("the hub's own routes are untouched").isNotNull();
    }

    private String ask() {
        return producer.requestBody("direct:reload-answer", "", String.class);
    }

    private JsonNode status() {
        return http.get("/api/v1/status").json().get("routes");
    }

    private static JsonNode error(JsonNode routes, String file) {
        for (JsonNode e : routes.get("errors")) {
            if (e.get("file").asText().equals(file)) {
                return e;
            }
        }
        return null;
    }
}
