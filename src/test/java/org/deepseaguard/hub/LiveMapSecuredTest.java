package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.LiveMapTest.assertMapIsServed;
import static org.deepseaguard.hub.LiveMapTest.fetch;

import java.io.IOException;
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
}
