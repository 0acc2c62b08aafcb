package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Access with keys configured (issue 9, docs/reliability.md "Access"). The management surface: every
 * actuator endpoint but {@code health}, Hawtio included, answers an admin key only (as
 * {@code X-API-Key} or as the password of HTTP Basic); anonymous 401 (Hawtio with a Basic realm, so a
 * browser prompts), reader and ingest keys 403. Jolokia is enabled here
 * ({@code deepseaguard.management.jolokia.enabled=true}) so that it can be asked;
 * {@link OpenAccessTest} shows it off by default. CORS for one configured origin. Sender binding:
 * named ingest keys with vehicle scopes (globs, an operator), all or nothing per request.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"deepseaguard.demo.enabled=false", "deepseaguard.simulator.enabled=false",
                "deepseaguard.management.jolokia.enabled=true",
                // Spring Boot tests switch metrics export off; the endpoint is what is tested here
                "management.prometheus.metrics.export.enabled=true",
                "deepseaguard.http.cors.allowed-origins=https://ops.example.org",
                "deepseaguard.security.scopes.fleet-a=AUV-A0*, SIM-???",
                "deepseaguard.security.scopes.nori=operator:NORI-OPS"})
class SecuredAccessTest {

    static final List<String> GUARDED = List.of("/actuator/info", "/actuator/metrics", "/actuator/prometheus",
            "/actuator/camelroutes", "/actuator/jolokia", "/actuator/hawtio/", "/actuator");

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("dsg-mgmt").toString();
        registry.add("deepseaguard.data-dir", () -> dataDir);
        registry.add("deepseaguard.security.api-keys[0]", () -> ApiKeyFilter.sha256("m-ingest") + ":ingest");
        registry.add("deepseaguard.security.api-keys[1]", () -> ApiKeyFilter.sha256("m-operator") + ":operator:ops");
        registry.add("deepseaguard.security.api-keys[2]", () -> ApiKeyFilter.sha256("m-auditor") + ":auditor");
        registry.add("deepseaguard.security.api-keys[3]", () -> ApiKeyFilter.sha256("m-admin") + ":admin:root");
        registry.add("deepseaguard.security.api-keys[4]", () -> ApiKeyFilter.sha256("fleet-a-key") + ":ingest:fleet-a");
        registry.add("deepseaguard.security.api-keys[5]", () -> ApiKeyFilter.sha256("nori-key") + ":ingest:nori");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Http.Response get(String path, Map<String, String> headers) {
        return new Http(port, headers).get(path);
    }

    static Map<String, String> key(String key) {
        return Map.of(ApiKeyFilter.HEADER, key);
    }

    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void healthIsPublic() {
        Http.Response health = get("/actuator/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void everyOtherEndpointNeedsAnAdminKey() {
        for (String path : GUARDED) {
            Http.Response anonymous = get(path, Map.of());
            assertThat(anonymous.status()).as("anonymous %s", path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            assertThat(anonymous.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:unauthorized");
            assertThat(get(path, key("wrong")).status()).as("unknown key %s", path).isEqualTo(401);
            for (String reader : List.of("m-operator", "m-auditor", "m-ingest")) {
                Http.Response forbidden = get(path, key(reader));
                assertThat(forbidden.status()).as("%s on %s", reader, path).isEqualTo(403);
                assertThat(forbidden.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:forbidden");
                assertThat(get(path, basic("someone", reader)).status()).as("%s as Basic on %s", reader, path)
                        .isEqualTo(403);
            }
        }
        assertThat(get("/actuator/info", key("m-admin")).status()).isEqualTo(200);
        Http.Response metrics = get("/actuator/metrics", key("m-admin"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.json().get("names").toString()).contains("jvm.memory.used");
        Http.Response prometheus = get("/actuator/prometheus", key("m-admin"));
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.text()).contains("jvm_memory_used_bytes");
        Http.Response routes = get("/actuator/camelroutes", key("m-admin"));
        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.text()).contains("api-telemetry-post");
        Http.Response jolokia = get("/actuator/jolokia", basic("admin", "m-admin"));
        assertThat(jolokia.status()).as(jolokia.text()).isEqualTo(200);
        assertThat(jolokia.text()).contains("\"status\":200").contains("\"agent\"");
    }

    @Test
    void aBrowserCanLogInToHawtioWithBasicAuthentication() {
        Http.Response prompt = get("/actuator/hawtio/", Map.of());
        assertThat(prompt.status()).isEqualTo(401);
        assertThat(prompt.header("WWW-Authenticate")).isEqualTo("Basic realm=\"DeepSeaGuard\"");
        assertThat(get("/actuator/hawtio/", basic("admin", "wrong")).header("WWW-Authenticate"))
                .isEqualTo("Basic realm=\"DeepSeaGuard\"");

        Http.Response page = get("/actuator/hawtio/", basic("any-user-name", "m-admin"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).containsIgnoringCase("hawtio");
        assertThat(get("/actuator/hawtio/", key("m-admin")).status()).isEqualTo(200);
    }

    @Test
    void aChangeFromAPageOfAnotherOriginIsRefusedEvenWithTheAdminsBrowserLogin() {
        String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\"}";
        Http admin = new Http(port, basic("admin", "m-admin"));
        Http.Response crossSite = admin.send(admin.request("/actuator/jolokia").header("Origin", "https://evil.example")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(read)));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().get("detail").asText()).contains("another origin");
        Http.Response sameOrigin = admin.send(admin.request("/actuator/jolokia").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(read)));
        assertThat(sameOrigin.status()).isEqualTo(200);
        assertThat(sameOrigin.text()).contains("\"status\":200");
    }

    // ---- CORS: one configured origin, for /api/** only

    @Test
    void aConfiguredOriginMayCallTheApiAndNoOtherMay() {
        Http.Response preflight = preflight("https://ops.example.org");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://ops.example.org");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("X-API-Key")
                .containsIgnoringCase("Content-Type");

        Http.Response refused = preflight("https://evil.example");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();

        Http.Response read = new Http(port, Map.of(ApiKeyFilter.HEADER, "m-operator", "Origin", "https://ops.example.org"))
                .get("/api/v1/status");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("https://ops.example.org");
        Http.Response other = new Http(port, Map.of(ApiKeyFilter.HEADER, "m-operator", "Origin", "https://evil.example"))
                .get("/api/v1/status");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();

        // not on the management surface
        Http.Response actuator = new Http(port, Map.of(ApiKeyFilter.HEADER, "m-admin", "Origin", "https://ops.example.org"))
                .get("/actuator/info");
        assertThat(actuator.status()).isEqualTo(200);
        assertThat(actuator.header("Access-Control-Allow-Origin")).isNull();
    }

    private Http.Response preflight(String origin) {
        Http client = new Http(port);
        return client.send(client.request("/api/v1/telemetry").header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    // ---- sender binding: vehicle scopes of named ingest keys

    Http.Response send(String key, String body) {
        return new Http(port, key(key)).post("/api/v1/telemetry", body);
    }

    int fixesOf(String auvId) {
        return jdbc.queryForObject("SELECT count(*) FROM fix_log WHERE auv_id = ?", Integer.class, auvId);
    }

    @Test
    void aScopedKeySendsForItsVehiclesOnly() {
        Instant t = HubTestSupport.ago(20);
        Http.Response inScope = send("fleet-a-key", "[" + HubTestSupport.fix("AUV-A01", t, 1, 1, 1) + ","
                + HubTestSupport.fix("SIM-123", t, 1, 1, 1) + "]");
        assertThat(inScope.status()).as(inScope.text()).isEqualTo(202);
        assertThat(inScope.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(fixesOf("AUV-A01")).isEqualTo(1);
        assertThat(fixesOf("SIM-123")).isEqualTo(1);

        // one fix outside the scope: the whole request is refused, the refused ids named, nothing taken
        Http.Response mixed = send("fleet-a-key", "[" + HubTestSupport.fix("AUV-A02", t, 1, 1, 1) + ","
                + HubTestSupport.fix("AUV-B01", t, 1, 1, 1) + "," + HubTestSupport.fix("SIM-1234", t, 1, 1, 1) + ","
                + HubTestSupport.fix("AUV-B01", HubTestSupport.ago(10), 1, 1, 1) + "]");
        assertThat(mixed.status()).isEqualTo(403);
        assertThat(mixed.contentType()).startsWith("application/problem+json");
        assertThat(mixed.json().get("type").asText()).isEqualTo("urn:deepseaguard:problem:forbidden");
        assertThat(mixed.json().get("detail").asText()).contains("fleet-a").contains("AUV-B01, SIM-1234");
        JsonNode errors = mixed.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("auv_id");
        assertThat(errors.get(0).get("message").asText()).isEqualTo("AUV-B01 is outside the scope of sender fleet-a");
        assertThat(errors.get(1).get("message").asText()).isEqualTo("SIM-1234 is outside the scope of sender fleet-a");
        assertThat(fixesOf("AUV-A02")).isZero();
        assertThat(fixesOf("AUV-B01")).isZero();

        // one fix, and NDJSON, the same
        assertThat(send("fleet-a-key", HubTestSupport.fix("AUV-B02", t, 1, 1, 1)).status()).isEqualTo(403);
        Http.Response ndjson = new Http(port, key("fleet-a-key")).post("/api/v1/telemetry",
                HubTestSupport.fix("AUV-A03", t, 1, 1, 1) + "\n" + HubTestSupport.fix("AUV-B03", t, 1, 1, 1) + "\n",
                "application/x-ndjson");
        assertThat(ndjson.status()).isEqualTo(403);
        assertThat(fixesOf("AUV-A03")).isZero();

        // keys without a scope, and admin keys, are unrestricted
        assertThat(send("m-ingest", HubTestSupport.fix("AUV-B04", t, 1, 1, 1)).status()).isEqualTo(202);
        assertThat(send("m-admin", HubTestSupport.fix("AUV-B05", t, 1, 1, 1)).status()).isEqualTo(202);
        assertThat(fixesOf("AUV-B04")).isEqualTo(1);
        assertThat(fixesOf("AUV-B05")).isEqualTo(1);
    }

    @Test
    void readersReadEveryVersionAndOnlyTheAdminChanges() {
        Http admin = new Http(port, key("m-admin"));
        String auv = "AUV-VERSIONS-" + System.nanoTime();
        assertThat(admin.post("/api/v1/auvs", "{\"auv_id\":\"%s\",\"name\":\"one\"}".formatted(auv)).status())
                .isEqualTo(201);
        for (String reader : List.of("m-operator", "m-auditor", "m-admin")) {
            Http http = new Http(port, key(reader));
            Http.Response versions = http.get("/api/v1/auvs/" + auv + "/versions");
            assertThat(versions.status()).as(reader).isEqualTo(200);
            assertThat(versions.json().get("versions").get(0).get("registration").get("name").asText()).isEqualTo("one");
            assertThat(http.get("/api/v1/auvs/" + auv + "/versions/1").status()).as(reader).isEqualTo(200);
            assertThat(http.get("/api/v1/auvs/" + auv).header("ETag")).as(reader).isEqualTo("\"1\"");
        }
        assertThat(new Http(port, key("m-ingest")).get("/api/v1/auvs/" + auv + "/versions").status()).isEqualTo(403);
        Http.Response operatorPut = new Http(port, Map.of(ApiKeyFilter.HEADER, "m-operator", "If-Match", "\"1\""))
                .put("/api/v1/auvs/" + auv, "{\"name\":\"two\"}");
        assertThat(operatorPut.status()).isEqualTo(403);
        Http.Response adminPut = new Http(port, Map.of(ApiKeyFilter.HEADER, "m-admin", "If-Match", "\"1\""))
                .put("/api/v1/auvs/" + auv, "{\"name\":\"two\"}");
        assertThat(adminPut.status()).isEqualTo(200);
        assertThat(adminPut.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void anOperatorScopeCoversTheVehiclesRegisteredWithThatOperator() {
        Http admin = new Http(port, key("m-admin"));
        assertThat(admin.post("/api/v1/auvs", """
                {"auv_id":"NORI-7","name":"Surveyor 7","operator":"NORI-OPS","contract_ids":[]}""").status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/auvs", """
                {"auv_id":"TOML-7","name":"Other 7","operator":"TOML","contract_ids":[]}""").status()).isEqualTo(201);
        Instant t = HubTestSupport.ago(20);
        assertThat(send("nori-key", HubTestSupport.fix("NORI-7", t, 1, 1, 1)).status()).isEqualTo(202);
        Http.Response other = send("nori-key", HubTestSupport.fix("TOML-7", t, 1, 1, 1));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("errors").get(0).get("message").asText())
                .isEqualTo("TOML-7 is outside the scope of sender nori");
        assertThat(send("nori-key", HubTestSupport.fix("UNREGISTERED-7", t, 1, 1, 1)).status()).isEqualTo(403);
        assertThat(fixesOf("NORI-7")).isEqualTo(1);
        assertThat(fixesOf("TOML-7")).isZero();
    }
}
