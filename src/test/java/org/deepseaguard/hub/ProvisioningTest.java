package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.ProvisioningService;
import org.deepseaguard.hub.service.RuleCodec;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.ZoneCodec;
import org.deepseaguard.hub.service.ZoneService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rules and zones as files (docs/provisioning.md): a zone file made from the real APEI-07 geometry
 * (Source: International Seabed Authority) and a rule file are applied at start as version 1 and
 * audited with the file as actor; a changed rule becomes its next version while an unchanged one in
 * the same file and a rewrite with the same content make none; a bad file is refused whole, named in
 * {@code GET /status} by file and field, while what was applied before keeps judging; a fix sent
 * over HTTP is judged by the provisioned rule in the provisioned zone; a removed file deletes
 * nothing; at the next start an unchanged file makes nothing and a file sets back what the API
 * changed of its rules. The tests run in order, each from the state the one before left.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false",
                "deepseaguard.provisioning.poll-interval=PT0.2S"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT;
    private static final Path RULES;
    private static final Path ZONES;

    private static final String RULES_V1 = """
            # provisioned rules for APEI-07
            - rule_id: PRV-APEI
              type: restricted_zone
              severity: critical
              description: no vehicle inside APEI-07
              zone_ids: [PRV-APEI-07]
            - rule_id: PRV-DWELL
              type: max_dwell
              severity: warning
              zone_ids: [PRV-APEI-07]
              max_dwell_seconds: 3600
              active_from: 2026-01-01T00:00:00Z
            """;

    private static final String EXTRA = """
            rule_id: PRV-EXTRA
            type: depth_limit
            severity: info
            zone_ids: [PRV-APEI-07]
            max_depth: 6000
            """;

    static {
        try {
            ROOT = Files.createTempDirectory("dsg-provisioning");
            RULES = Files.createDirectories(ROOT.resolve("rules"));
            ZONES = Files.createDirectories(ROOT.resolve("zones"));
            write(ZONES.resolve("apei-07.geojson"), apei07());
            // no zone_id: refused, named by file and field
            write(ZONES.resolve("broken.geojson"), """
                    {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,10]]]},
                     "properties":{"name":"no id"}}""");
            write(RULES.resolve("apei.yaml"), RULES_V1);
            write(RULES.resolve("notes.txt"), "not a rule file: ignored");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("deepseaguard.routes-dir", () -> ROOT.resolve("routes").toString());
        registry.add("deepseaguard.provisioning.rules", RULES::toString);
        registry.add("deepseaguard.provisioning.zones", ZONES::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    RuleService rules;
    @Autowired
    RuleCodec ruleCodec;
    @Autowired
    ZoneService zones;
    @Autowired
    ZoneCodec zoneCodec;
    @Autowired
    ObjectMapper json;
    @Autowired
    ObjectReader inputReader;
    @Autowired
    DeepSeaGuardProperties properties;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    @Order(1)
    void theFilesAreAppliedAtStartAsVersionOneAndAuditedWithTheFileAsActor() {
        JsonNode zone = http.get("/api/v1/zones/PRV-APEI-07").json();
        assertThat(zone.get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(zone.get("properties").get("zone_type").asText()).isEqualTo("apei");
        assertThat(zone.get("properties").get("source").asText()).startsWith("Source: International Seabed Authority");

        JsonNode apei = http.get("/api/v1/rules/PRV-APEI").json();
        assertThat(apei.get("version").asInt()).isEqualTo(1);
        assertThat(apei.get("severity").asText()).isEqualTo("critical");
        JsonNode dwell = http.get("/api/v1/rules/PRV-DWELL").json();
        assertThat(dwell.get("version").asInt()).isEqualTo(1);
        assertThat(dwell.get("max_dwell_seconds").asLong()).isEqualTo(3600);
        // an unquoted YAML timestamp is read as the text written, as over the API
        assertThat(dwell.get("active_from").asText()).isEqualTo("2026-01-01T00:00:00Z");

        JsonNode zoneCreated = audit("zone_created", "zone_id", "PRV-APEI-07").get(0);
        assertThat(zoneCreated.get("actor").asText()).isEqualTo("file:zones/apei-07.geojson");
        assertThat(zoneCreated.get("actor_role").asText()).isEqualTo("provisioning");
        assertThat(zoneCreated.get("payload").get("version").asInt()).isEqualTo(1);
        JsonNode ruleCreated = audit("rule_created", "rule_id", "PRV-DWELL").get(0);
        assertThat(ruleCreated.get("actor").asText()).isEqualTo("file:rules/apei.yaml");
        assertThat(ruleCreated.get("payload").get("rule").get("max_dwell_seconds").asLong()).isEqualTo(3600);

        JsonNode provisioning = http.get("/api/v1/status").json().get("provisioning");
        assertThat(provisioning.get("rules").asText()).isEqualTo(RULES.toString());
        assertThat(provisioning.get("zones").asText()).isEqualTo(ZONES.toString());
        assertThat(provisioning.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("file").asText()).isEqualTo("zones/broken.geojson");
            assertThat(error.get("field").asText()).isEqualTo("properties.zone_id");
            assertThat(error.get("message").asText()).isNotBlank();
        });
    }

    @Test
    @Order(2)
    void aChangedRuleBecomesItsNextVersionAndAnUnchangedOneMakesNone() throws IOException {
        write(RULES.resolve("apei.yaml"), RULES_V1.replace("max_dwell_seconds: 3600", "max_dwell_seconds: 7200"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/v1/rules/PRV-DWELL").json().get("version").asInt()).isEqualTo(2));
        assertThat(http.get("/api/v1/rules/PRV-DWELL").json().get("max_dwell_seconds").asLong()).isEqualTo(7200);
        JsonNode updated = audit("rule_updated", "rule_id", "PRV-DWELL").get(0);
        assertThat(updated.get("actor").asText()).isEqualTo("file:rules/apei.yaml");
        assertThat(updated.get("payload").get("version").asInt()).isEqualTo(2);
        // the other rule of the file did not change: no version
        assertThat(http.get("/api/v1/rules/PRV-APEI").json().get("version").asInt()).isEqualTo(1);

        // the same zone and rules written again (compact JSON; another comment, other spacing), then a
        // new rule file: once its rule is there, the rewrites (read before it: zones first, then rule
        // files by name) made nothing
        write(ZONES.resolve("apei-07.geojson"), JSON.readTree(apei07()).toString());
        write(RULES.resolve("apei.yaml"), "# rewritten, same rules\n"
                + RULES_V1.replace("max_dwell_seconds: 3600", "max_dwell_seconds:   7200"));
        write(RULES.resolve("extra.yml"), EXTRA);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/rules/PRV-EXTRA").status() == 200);
        assertThat(http.get("/api/v1/rules/PRV-DWELL/versions").json().get("versions")).hasSize(2);
        assertThat(http.get("/api/v1/rules/PRV-APEI/versions").json().get("versions")).hasSize(1);
        assertThat(audit("rule_updated", "rule_id", "PRV-DWELL")).hasSize(1);
        assertThat(http.get("/api/v1/zones/PRV-APEI-07").json().get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(audit("zone_updated", "zone_id", "PRV-APEI-07")).isEmpty();
    }

    @Test
    @Order(3)
    void aBadRuleFileIsRefusedWholeAndNamedByFileAndFieldInTheStatus() throws IOException {
        // PRV-APEI's change is good, PRV-DWELL's is not: nothing of the file applies
        write(RULES.resolve("apei.yaml"), RULES_V1
                .replace("severity: critical", "severity: warning")
                .replace("max_dwell_seconds: 3600", "max_dwell_seconds: -5"));
        // PRV-EXTRA is given by rules/extra.yml already
        write(RULES.resolve("zz-dup.yaml"), EXTRA);
        // not YAML at all: an error of the whole file (no field)
        write(RULES.resolve("syntax.yaml"), "- rule_id: PRV-SYNTAX\n  type: [restricted_zone\n");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode errors = http.get("/api/v1/status").json().get("provisioning").get("errors");
            assertThat(errors).anySatisfy(error -> {
                assertThat(error.get("file").asText()).isEqualTo("rules/apei.yaml");
                assertThat(error.get("field").asText()).isEqualTo("[1].max_dwell_seconds");
                assertThat(error.get("message").asText()).contains("positive");
            });
            assertThat(errors).anySatisfy(error -> {
                assertThat(error.get("file").asText()).isEqualTo("rules/zz-dup.yaml");
                assertThat(error.get("field").asText()).isEqualTo("rule_id");
                assertThat(error.get("message").asText()).contains("rules/extra.yml");
            });
            assertThat(errors).anySatisfy(error -> {
                assertThat(error.get("file").asText()).isEqualTo("rules/syntax.yaml");
                assertThat(error.get("field").isNull()).isTrue();
                assertThat(error.get("message").asText()).startsWith("is not valid YAML");
            });
        });
        JsonNode apei = http.get("/api/v1/rules/PRV-APEI").json();
        assertThat(apei.get("version").asInt()).isEqualTo(1);
        assertThat(apei.get("severity").asText()).isEqualTo("critical");
        JsonNode dwell = http.get("/api/v1/rules/PRV-DWELL").json();
        assertThat(dwell.get("version").asInt()).isEqualTo(2);
        assertThat(dwell.get("max_dwell_seconds").asLong()).isEqualTo(7200);
    }

    @Test
    @Order(4)
    void aFixSentOverHttpIsJudgedByTheProvisionedRuleInTheProvisionedZone() {
        // inside APEI-07 (about 2.9-6.5 N, 144.4-140.7 W)
        assertThat(http.post("/api/v1/telemetry", HubTestSupport.fix("AUV-PRV-1", HubTestSupport.ago(10), 4.5, -142.5, 4800))
                .status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode violations = http.get("/api/v1/violations?auv_id=AUV-PRV-1&rule_id=PRV-APEI").json().get("violations");
            assertThat(violations).singleElement().satisfies(v -> {
                assertThat(v.get("zone_id").asText()).isEqualTo("PRV-APEI-07");
                assertThat(v.get("severity").asText()).isEqualTo("critical");
                assertThat(v.get("rule_version").asInt()).isEqualTo(1);
                assertThat(v.get("zone_version").asInt()).isEqualTo(1);
            });
        });
    }

    @Test
    @Order(5)
    void aRemovedFileDeletesNothingAndAFixedFileClearsItsError() throws IOException {
        // rules/zz-dup.yaml, refused while rules/extra.yml gave PRV-EXTRA, is read again and applies
        // (same content: no version)
        Files.delete(RULES.resolve("extra.yml"));
        Files.delete(RULES.resolve("syntax.yaml"));
        write(RULES.resolve("apei.yaml"), RULES_V1.replace("max_dwell_seconds: 3600", "max_dwell_seconds: 7200"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode errors = http.get("/api/v1/status").json().get("provisioning").get("errors");
            assertThat(errors.findValuesAsText("file")).containsExactly("zones/broken.geojson");
        });
        assertThat(http.get("/api/v1/rules/PRV-EXTRA").json().get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/rules/PRV-DWELL").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/rules/PRV-APEI").json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void atTheNextStartEveryFileIsReadAgainAnUnchangedOneMakesNothingAndAFileWinsOverAnApiChange() {
        // PRV-APEI changed over the API, which the file does not say
        Http.Response put = http.put("/api/v1/rules/PRV-APEI",
                "{\"type\":\"restricted_zone\",\"severity\":\"warning\",\"zone_ids\":[\"PRV-APEI-07\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);

        // a fresh service over the same folders and database: what a restart does
        ProvisioningService restarted = new ProvisioningService(rules, ruleCodec, zones, zoneCodec, json, inputReader,
                properties);
        restarted.afterPropertiesSet();

        JsonNode apei = http.get("/api/v1/rules/PRV-APEI").json();
        assertThat(apei.get("version").asInt()).isEqualTo(3);
        assertThat(apei.get("severity").asText()).isEqualTo("critical");
        assertThat(audit("rule_updated", "rule_id", "PRV-APEI")).last()
                .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo("file:rules/apei.yaml"));
        assertThat(http.get("/api/v1/rules/PRV-DWELL").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/zones/PRV-APEI-07").json().get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(restarted.status().errors()).singleElement()
                .satisfies(e -> assertThat(e.file()).isEqualTo("zones/broken.geojson"));
    }

    /** The audit entries of {@code kind} whose payload's {@code idField} is {@code id}. */
    private List<JsonNode> audit(String kind, String idField, String id) {
        JsonNode entries = http.get("/api/v1/audit?kind=" + kind + "&limit=1000").json().get("entries");
        return StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> id.equals(e.get("payload").path(idField).asText()))
                .toList();
    }

    /** Writes a file whole (a temporary file moved into place), as an editor or a deployment tool should. */
    private static void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A native zone file made from ISA's APEI-07 feature (the shipped ISA file has no zone_id, so its
     * geometry gets DeepSeaGuard's properties here). Source: International Seabed Authority.
     */
    private static String apei07() throws IOException {
        try (InputStream in = new ClassPathResource("isa/isa_apeis_ccz.geojson").getInputStream()) {
            JsonNode isa = JSON.readTree(in);
            JsonNode feature = StreamSupport.stream(isa.get("features").spliterator(), false)
                    .filter(f -> "APEI-07".equals(f.get("properties").path("Remarks").asText()))
                    .findFirst().orElseThrow();
            ObjectNode zone = JSON.createObjectNode().put("type", "Feature");
            zone.set("geometry", feature.get("geometry"));
            zone.putObject("properties")
                    .put("zone_id", "PRV-APEI-07")
                    .put("name", "APEI-07")
                    .put("zone_type", "apei")
                    .put("source", "Source: International Seabed Authority, APEIs (ISBA/18/C/22)");
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(zone);
        }
    }
}
