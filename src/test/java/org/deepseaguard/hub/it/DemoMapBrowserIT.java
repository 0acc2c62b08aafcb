package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live map of a running demo hub (issue 13): the default profile with the demo on, so the real
 * ISA zones (Source: International Seabed Authority) and the simulated fleet, as
 * {@code ./mvnw spring-boot:run} starts it. {@code src/test/browser/map-demo.mjs} drives Chromium:
 * every zone and vehicle the hub answers is drawn, the land layer too, the page follows the live
 * feed, and a violation of the simulated fleet arrives over it while the page is open; the
 * screenshot is target/browser-it/map-demo.png (docs/live-map.png is one).
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=true", "deepseaguard.simulator.enabled=true",
                "deepseaguard.simulator.interval=PT1S", "camel.main.name=deepseaguard-demo-map"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // its hub stops before the next IT starts its own
class DemoMapBrowserIT {

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("dsg-demo-map");
        registry.add("deepseaguard.data-dir", data::toString);
        registry.add("deepseaguard.routes-dir", () -> data.resolve("routes").toString());
    }

    @BeforeAll
    static void browserToolsAreInstalled() throws InterruptedException {
        BrowserScript.requireTools();
    }

    @LocalServerPort
    int port;

    @Test
    void theDemoHubsMapShowsTheIsaZonesTheFleetAndAViolationOverTheLiveFeed() throws Exception {
        Path shots = BrowserScript.OUTPUT_DIR.toAbsolutePath();
        Files.createDirectories(shots);
        BrowserScript.Run run = BrowserScript.run("map-demo.mjs", Duration.ofMinutes(4),
                "http://127.0.0.1:" + port + "/", shots.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok: the land layer", "zones drawn", "vehicles shown",
                "data-live=\"sse\"", "arrived over the live feed", "PASSED");
        assertThat(shots.resolve("map-demo.png")).isNotEmptyFile();
    }
}
