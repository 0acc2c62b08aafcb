package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.deepseaguard.core.model.RuleType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The metrics at {@code /actuator/prometheus} (docs/metrics.md) after known traffic, in a hub of its
 * own (a fresh registry and database, so the values are exact): fixes over HTTP (valid, refused,
 * duplicate, late, one inside the real ISA APEI-07 under a critical restricted-zone rule) and through
 * an integrator's YAML route (one valid, one refused and parked as a dead letter). Then every metric
 * the Grafana dashboard (docs/grafana-dashboard.json) queries must be in the output, so the two
 * cannot drift apart. ({@link AutoConfigureObservability}: Spring Boot tests leave the Prometheus
 * registry out otherwise.)
 */
@CamelSpringBootTest
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false"})
class MetricsTest {

    private static final String AUV = "AUV-METRICS";
    private static final String RULE = "R-METRICS-APEI07";


    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        try {
            Path data = Files.createTempDirectory("dsg-metrics");
            Path routes = Files.createDirectories(data.resolve("routes"));
            // an integrator's input: its own source name, a plain `to` into the pipeline
            Files.writeString(routes.resolve("metrics-input.camel.yaml"), """
                    - route:
                        id: integrator-metrics-input
                        routeConfigurationId: dead-letter
                        from:
                          uri: direct:integrator-metrics-input
                          steps:
                            - setHeader:
                                name: deepseaguard_source
                                constant: sonar-buoys
                            - to: direct:telemetry-ingest
                    """);
            registry.add("deepseaguard.data-dir", data::toString);
            registry.add("deepseaguard.routes-dir", routes::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    private Http http;
    /** The scrape after the traffic, sent once for all the tests (the Camel context is up by the first test). */
    private static String metrics;
    private static boolean sent;

    @BeforeEach
    void traffic() throws IOException {
        http = new Http(port);
        if (sent) {
            assertThat(metrics).as("the scrape after the traffic (sent by the first test)").isNotNull();
            return;
        }
        sent = true;
        String apeis = new ClassPathResource("isa/isa_apeis_ccz.geojson").getContentAsString(StandardCharsets.UTF_8);
        assertThat(http.post("/api/v1/zones/import?id_property=Remarks&zone_type=apei", apeis).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"restricted_zone","severity":"critical","zone_ids":["APEI-07"],"auv_ids":["%s"]}"""
                .formatted(RULE, AUV)).status()).isEqualTo(201);

        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        // one request: two valid fixes (outside every zone) and one refused (latitude 95)
        JsonNode batch = http.post("/api/v1/telemetry", "[" + fix(AUV, t, 10.0, -130.0) + ","
                + fix(AUV, t.plusSeconds(10), 10.01, -130.0) + "," + fix(AUV, t.plusSeconds(15), 95.0, -130.0) + "]").json();
        assertThat(batch.get("accepted").asInt()).isEqualTo(2);
        assertThat(batch.get("rejected_count").asInt()).isEqualTo(1);
        // inside APEI-07: a critical violation opens
        assertThat(http.post("/api/v1/telemetry", fix(AUV, t.plusSeconds(20), 4.5, -142.5)).status()).isEqualTo(202);
        // the first fix again: a duplicate
        assertThat(http.post("/api/v1/telemetry", fix(AUV, t, 10.0, -130.0)).status()).isEqualTo(202);
        // older than the newest and never seen: late
        assertThat(http.post("/api/v1/telemetry", fix(AUV, t.minusSeconds(60), 10.0, -130.0)).status()).isEqualTo(202);
        // one fix refused whole
        assertThat(http.post("/api/v1/telemetry", fix(AUV, t.plusSeconds(30), 10.0, 181.0)).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/violations?auv_id=" + AUV).json().get("total").asInt()).isEqualTo(1);

        // an integrator's route: one valid fix, one refused (parked by the route's dead-letter channel)
        producer.sendBody("direct:integrator-metrics-input", fix("AUV-METRICS-ROUTE", t, 10.0, -131.0));
        producer.sendBody("direct:integrator-metrics-input", fix("AUV-METRICS-ROUTE", t.plusSeconds(10), -91.0, -131.0));
        assertThat(http.get("/api/v1/dead-letters?replayed=false").json().get("total").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("deepseaguard_dead_letters_pending 1.0"));
        metrics = scrape();
    }

    @Test
    void fixesAreCountedByChannelAndOutcome() {
        assertThat(lines("deepseaguard_fixes_received_total{")).contains(
                "deepseaguard_fixes_received_total{channel=\"http\"} 7.0",
                "deepseaguard_fixes_received_total{channel=\"route\"} 2.0",
                "deepseaguard_fixes_received_total{channel=\"amqp\"} 0.0");
        assertThat(lines("deepseaguard_fixes_total{channel=\"http\"")).containsExactlyInAnyOrder(
                "deepseaguard_fixes_total{channel=\"http\",outcome=\"applied\"} 3.0",
                "deepseaguard_fixes_total{channel=\"http\",outcome=\"late\"} 1.0",
                "deepseaguard_fixes_total{channel=\"http\",outcome=\"duplicate\"} 1.0",
                "deepseaguard_fixes_total{channel=\"http\",outcome=\"rejected\"} 2.0");
        // an unknown source (sonar-buoys) is channel "route": the tag has a fixed set of values
        assertThat(lines("deepseaguard_fixes_total{channel=\"route\"")).containsExactlyInAnyOrder(
                "deepseaguard_fixes_total{channel=\"route\",outcome=\"applied\"} 1.0",
                "deepseaguard_fixes_total{channel=\"route\",outcome=\"late\"} 0.0",
                "deepseaguard_fixes_total{channel=\"route\",outcome=\"duplicate\"} 0.0",
                "deepseaguard_fixes_total{channel=\"route\",outcome=\"rejected\"} 1.0");
        assertThat(lines("deepseaguard_fixes_received_total{")).extracting(MetricsTest::channel)
                .containsExactlyInAnyOrder("http", "amqp", "mqtt", "kafka", "simulator", "replay", "route");
        // GET /status sums the channels
        JsonNode fixes = http.get("/api/v1/status").json().get("fixes");
        assertThat(fixes.get("applied").asLong()).isEqualTo(4);
        assertThat(fixes.get("rejected").asLong()).isEqualTo(3);
    }

    @Test
    void evaluationLatencyIsAHistogramOfTheCommittedBatches() {
        // batches judged: the 3-item request, the APEI fix, the duplicate, the late fix, the route's valid fix
        // (the fixes refused whole never reach the judge)
        assertThat(metrics).contains("# TYPE deepseaguard_evaluation_seconds histogram");
        assertThat(lines("deepseaguard_evaluation_seconds_count")).containsExactly("deepseaguard_evaluation_seconds_count 5");
        assertThat(lines("deepseaguard_evaluation_seconds_bucket{le=\"+Inf\"}"))
                .containsExactly("deepseaguard_evaluation_seconds_bucket{le=\"+Inf\"} 5");
        assertThat(lines("deepseaguard_evaluation_seconds_bucket{")).hasSizeGreaterThan(10);
    }

    @Test
    void violationsOpenedAreCountedByRuleTypeAndSeverity() {
        // every registered rule type (RuleTypes) times every severity
        assertThat(lines("deepseaguard_violations_opened_total{")).hasSize(RuleType.values().length * 3).contains(
                "deepseaguard_violations_opened_total{rule_type=\"restricted_zone\",severity=\"critical\"} 1.0",
                "deepseaguard_violations_opened_total{rule_type=\"restricted_zone\",severity=\"warning\"} 0.0",
                "deepseaguard_violations_opened_total{rule_type=\"telemetry_gap\",severity=\"critical\"} 0.0");
        assertThat(lines("deepseaguard_violations_opened_total{").stream().filter(l -> !l.endsWith(" 0.0")))
                .hasSize(1);
    }

    @Test
    void deadLettersAreCountedAndPendingOnesGauged() {
        assertThat(lines("deepseaguard_dead_letters_parked_total{")).contains(
                "deepseaguard_dead_letters_parked_total{channel=\"route\"} 1.0",
                "deepseaguard_dead_letters_parked_total{channel=\"http\"} 0.0");
        assertThat(lines("deepseaguard_dead_letters_pending")).containsExactly("deepseaguard_dead_letters_pending 1.0");
        assertThat(lines("deepseaguard_dead_letters_store_failures_total")).containsExactly(
                "deepseaguard_dead_letters_store_failures_total 0.0");
    }

    @Test
    void everyMetricTheDashboardQueriesIsEmitted() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/grafana-dashboard.json").toFile());
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.get("templating").get("list").findValuesAsText("name")).contains("DS_PROMETHEUS");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                        .isEqualTo("${DS_PROMETHEUS}");
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            }
            panel.path("targets").forEach(t -> expressions.add(t.get("expr").asText()));
        }
        dashboard.get("templating").get("list").forEach(v -> {
            if (v.path("definition").isTextual()) {
                expressions.add(v.get("definition").asText());
            }
        });

        Set<String> queried = new TreeSet<>();
        expressions.forEach(e -> queried.addAll(metricNames(e)));
        assertThat(queried).contains("deepseaguard_fixes_total", "deepseaguard_fixes_received_total",
                "deepseaguard_evaluation_seconds_bucket", "deepseaguard_violations_opened_total",
                "deepseaguard_alerts_deliveries_total", "deepseaguard_dead_letters_pending", "jvm_memory_used_bytes");
        for (String name : queried) {
            assertThat(Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(metrics).find())
                    .as("%s, queried by the dashboard, is in /actuator/prometheus", name).isTrue();
        }
        // every channel's delivery series is there from the start, at zero (no alert was sent here)
        assertThat(lines("deepseaguard_alerts_deliveries_total")).contains(
                "deepseaguard_alerts_deliveries_total{channel=\"route\",outcome=\"given_up\"} 0.0",
                "deepseaguard_alerts_deliveries_total{channel=\"webhook\",outcome=\"delivered\"} 0.0").hasSize(9);
    }

    /**
     * The metric names a PromQL expression selects: its identifiers with an underscore (every metric
     * the hub emits has one) outside strings, label matchers, ranges and groupings, not followed by
     * {@code (} (functions, aggregations).
     */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            if (!function && m.group().contains("_")) {
                names.add(m.group());
            }
        }
        return names;
    }

    private String scrape() {
        Http.Response r = http.get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        return r.text();
    }

    /** The sample lines of the scrape that start with {@code prefix}. */
    private List<String> lines(String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static String channel(String line) {
        Matcher m = Pattern.compile("channel=\"([^\"]*)\"").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private static String fix(String auvId, Instant t, double lat, double lon) {
        return """
                {"auv_id":"%s","timestamp":"%s","latitude":%s,"longitude":%s,"depth":4800}""".formatted(auvId, t, lat, lon);
    }
}
