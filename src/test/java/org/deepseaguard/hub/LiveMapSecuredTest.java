package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.LiveMapTest.assertMapIsServed;
import static org.deepseaguard.hub.LiveMapTest.fetch;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API keys configured: the page and its files are public, the API behind it is not. */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false"})
class LiveMapSecuredTest {

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("dsg-map");
        registry.add("deepseaguard.data-dir", dataDir::toString);
        registry.add("deepseaguard.security.api-keys[0]", () -> ApiKeyFilter.sha256("map-operator") + ":operator");
        registry.add("deepseaguard.security.api-keys[1]", () -> ApiKeyFilter.sha256("map-ingest") + ":ingest");
        registry.add("deepseaguard.security.api-keys[2]", () -> ApiKeyFilter.sha256("map-auditor") + ":auditor");
    }

    @LocalServerPort
    int securedPort;

    @Test
    void thePageNeedsNoKeyButItsDataDoes() {
        assertMapIsServed(securedPort);
        assertThat(fetch("http://127.0.0.1:" + securedPort + "/api/v1/status").status()).isEqualTo(401);
        Http.Response withKey = new Http(securedPort, Map.of(ApiKeyFilter.HEADER, "map-operator")).get("/api/v1/status");
        assertThat(withKey.status()).isEqualTo(200);
        assertThat(withKey.json().get("status").asText()).isEqualTo("up");
    }

    /** The live stream is the API's: the key in X-API-Key, open to the roles that may read GET /auvs. */
    @Test
    void theLiveStreamTakesTheKeysThatMayRead() throws Exception {
        try (SseStream none = SseStream.open(securedPort, "/api/v1/stream", Map.of())) {
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.contentType()).startsWith("application/problem+json");
            assertThat(none.body()).contains("X-API-Key");
        }
        try (SseStream unknown = SseStream.open(securedPort, "/api/v1/stream", Map.of(ApiKeyFilter.HEADER, "not-a-key"))) {
            assertThat(unknown.status()).isEqualTo(401);
        }
        // a key in the URL is not a key: browsers log URLs, the design sends keys in the header only
        try (SseStream inQuery = SseStream.open(securedPort, "/api/v1/stream?key=map-operator", Map.of())) {
            assertThat(inQuery.status()).isEqualTo(401);
        }
        try (SseStream ingest = SseStream.open(securedPort, "/api/v1/stream", Map.of(ApiKeyFilter.HEADER, "map-ingest"))) {
            assertThat(ingest.status()).isEqualTo(403);
            assertThat(ingest.contentType()).startsWith("application/problem+json");
        }
        assertThat(new Http(securedPort, Map.of(ApiKeyFilter.HEADER, "map-ingest")).get("/api/v1/auvs").status())
                .as("ingest may not read /auvs either").isEqualTo(403);
        for (String key : new String[] {"map-operator", "map-auditor"}) {
            try (SseStream stream = SseStream.open(securedPort, "/api/v1/stream", Map.of(ApiKeyFilter.HEADER, key))) {
                assertThat(stream.status()).as(key).isEqualTo(200);
                assertThat(stream.contentType()).startsWith("text/event-stream");
                await().atMost(Duration.ofSeconds(15)).until(() -> !stream.events("hello").isEmpty());
            }
        }
    }
}
