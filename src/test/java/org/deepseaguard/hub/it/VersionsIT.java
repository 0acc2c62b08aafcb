package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.hub.store.VehicleVersionsMigration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 10 on PostgreSQL 15: migration V53 (backfill of the registrations stored before it), and
 * {@code If-Match} decided by the zone's stored row, locked in the transaction of the write: a
 * change another hub instance is committing makes a PUT with the old version wait for it and then
 * fail with 412, never overwrite it.
 */
@StackIT
class VersionsIT extends StackTestSupport {

    @Autowired
    private TransactionTemplate tx;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void v53GivesTheRegistrationsStoredBeforeItTheirVersion1() throws Exception {
        String name = "dsg_it_v53_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test",
                FreshPostgresDatabase.USER, ""); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        try {
            VehicleVersionsMigration.assertBackfill(new SimpleDriverDataSource(new org.postgresql.Driver(),
                    FreshPostgresDatabase.SERVER + name, FreshPostgresDatabase.USER, ""));
        } finally {
            try (Connection admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test",
                    FreshPostgresDatabase.USER, ""); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void aPutWithTheVersionAnotherInstanceIsReplacingWaitsForItAndFails() throws Exception {
        String zone = "Z-IT-LOCK-" + System.nanoTime();
        apiJson("POST", "/zones", squareZone(zone, "custom", 150, 40, 151, 41), 201);
        HttpResponse<String> got = send("GET", "/zones/" + zone, null, null);
        assertThat(got.headers().firstValue("ETag")).contains("\"1\"");

        // "another instance": holds the zone's row and writes version 2 when told to
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT version FROM zones WHERE zone_id = ? FOR UPDATE", Integer.class, zone);
            locked.countDown();
            awaitLatch(release);
            jdbc.update("UPDATE zones SET version = 2 WHERE zone_id = ?", zone);
            jdbc.update("INSERT INTO zone_versions (zone_id, version, change_type, feature, changed_at) "
                    + "SELECT zone_id, 2, 'updated', feature, updated_at FROM zones WHERE zone_id = ?", zone);
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<HttpResponse<String>> put = CompletableFuture.supplyAsync(() ->
                send("PUT", "/zones/" + zone, squareZone(zone, "apei", 150, 40, 151, 41), "\"1\""));
        // the PUT's transaction waits on the row lock (it has not decided on a stale read)
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'", Integer.class) >= 1);
        assertThat(put).isNotDone();
        release.countDown();
        other.get(30, TimeUnit.SECONDS);

        HttpResponse<String> refused = put.get(30, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(412);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:deepseaguard:problem:precondition-failed");
        assertThat(problem.get("detail").asText()).contains("version 2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM zone_versions WHERE zone_id = ?", Integer.class, zone))
                .isEqualTo(2);

        // with the version it now has, the change goes through as version 3
        HttpResponse<String> accepted = send("PUT", "/zones/" + zone, squareZone(zone, "apei", 150, 40, 151, 41), "\"2\"");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.headers().firstValue("ETag")).contains("\"3\"");
        JsonNode versions = apiJson("GET", "/zones/" + zone + "/versions", null, 200).get("versions");
        assertThat(versions.findValuesAsText("change_type")).containsExactly("created", "updated", "updated");
        assertThat(versions.get(2).get("feature").get("properties").get("zone_type").asText()).isEqualTo("apei");
    }

    @Test
    void registrationVersionsAndViolationsOnPostgres() throws Exception {
        String auv = "AUV-IT-V-" + System.nanoTime();
        String zone = "Z-IT-AUTH-" + System.nanoTime();
        apiJson("POST", "/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[152,40],[153,40],[153,41],[152,41],[152,40]]]},
                 "properties":{"zone_id":"%s","zone_type":"contract_area","contract_id":"%s-C"}}""".formatted(zone, zone), 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-%s","type":"unauthorized_entry","severity":"critical","zone_ids":["%s"],"auv_ids":["%s"]}"""
                .formatted(zone, zone, auv), 201);
        assertThat(apiJson("POST", "/auvs", "{\"auv_id\":\"%s\"}".formatted(auv), 201).get("version").asInt()).isEqualTo(1);
        assertThat(apiJson("PUT", "/auvs/" + auv, "{\"name\":\"two\"}", 200).get("version").asInt()).isEqualTo(2);
        apiJson("POST", "/telemetry", fix(auv, Instant.now().minusSeconds(60), 40.5, 152.5, 100), 202);
        JsonNode violation = apiJson("GET", "/violations?auv_id=" + auv, null, 200).get("violations").get(0);
        assertThat(violation.get("registration_version").asInt()).isEqualTo(2);
        JsonNode versions = apiJson("GET", "/auvs/" + auv + "/versions", null, 200).get("versions");
        assertThat(versions.findValuesAsText("change_type")).containsExactly("created", "updated");
        assertThat(versions.get(1).get("registration").get("name").asText()).isEqualTo("two");
    }

    private HttpResponse<String> send(String method, String path, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("HTTP " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
