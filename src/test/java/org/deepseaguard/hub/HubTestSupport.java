package org.deepseaguard.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shared test context: the whole hub on a random port with a fresh data dir, demo and
 * simulator off, a 2-second warning window and a 1-second watchdog, and an external routes folder
 * holding one integrator YAML route. Tests share it (one Spring start), so each test uses its own
 * vehicle ids, zone ids and rule ids, and scopes its rules to its own zones or vehicles.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.warnings.window=PT2S",
                "deepseaguard.watchdog.interval=PT1S",
                "logging.level.deepseaguard.outputs=INFO"
        })
public abstract class HubTestSupport {

    static final Path DATA_DIR;
    static final Path ROUTES_DIR;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("dsg-data");
            ROUTES_DIR = Files.createTempDirectory("dsg-routes");
            Files.writeString(ROUTES_DIR.resolve("greeting.camel.yaml"), """
                    - route:
                        id: integrator-greeting
                        routeConfigurationId: pipeline-errors
                        from:
                          uri: direct:integrator-greeting
                          steps:
                            - setBody:
                                simple: "hello ${body} from a route loaded from ${sys.user.dir}"
                            - setHeader:
                                name: greeted
                                constant: "yes"
                    """);
            // an integrator's input: a plain `to` into the pipeline, no special processor
            Files.writeString(ROUTES_DIR.resolve("plain-input.camel.yaml"), """
                    - route:
                        id: integrator-plain-input
                        routeConfigurationId: dead-letter
                        from:
                          uri: direct:integrator-plain-input
                          steps:
                            - setHeader:
                                name: deepseaguard_source
                                constant: integrator
                            - to: direct:telemetry-ingest
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", DATA_DIR::toString);
        registry.add("deepseaguard.routes-dir", ROUTES_DIR::toString);
    }

    @LocalServerPort
    protected int port;

    protected Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** A fresh id with a prefix, unique in this JVM (tests share one database). */
    protected static String id(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A whole-second time {@code secondsAgo} before now, as the API writes times. */
    protected static Instant ago(long secondsAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(secondsAgo);
    }

    protected static String fix(String auvId, Instant t, double lat, double lon, double depth) {
        return """
                {"auv_id":"%s","timestamp":"%s","latitude":%s,"longitude":%s,"depth":%s}"""
                .formatted(auvId, t, lat, lon, depth);
    }

    /** A square zone {@code size} degrees wide with its south-west corner at (lon, lat). */
    protected static String squareZone(String zoneId, String zoneType, double lon, double lat, double size) {
        return """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%4$s],[%1$s,%2$s]]]},
                 "properties":{"zone_id":"%5$s","name":"test zone %5$s","zone_type":"%6$s"}}"""
                .formatted(lon, lat, lon + size, lat + size, zoneId, zoneType);
    }
}
