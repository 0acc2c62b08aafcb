package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.deepseaguard.hub.HubTestSupport.ago;
import static org.deepseaguard.hub.HubTestSupport.fix;
import static org.deepseaguard.hub.HubTestSupport.squareZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.alerts.AlertFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alert email (docs/messaging.md, "Email") against GreenMail, an in-process SMTP server on a free
 * port: a critical episode sends one "opened" and one "closed" email however many fixes breach in
 * between, a warning digest one email listing its warnings, an email subscription made through the
 * API gets only what its filters match, and an SMTP server that is down neither slows nor breaks
 * ingestion: the outbox retries the email, then parks it in dead_letters with the reason, and a
 * replay sends it. Its own context (the legacy email settings on, which become subscriptions
 * {@code config-email-1} and {@code config-email-1-digest}; fast delivery back-off), started once.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.warnings.window=PT2S",
                "deepseaguard.alerts.email.enabled=true",
                "deepseaguard.alerts.email.from=hub@deepseaguard.test",
                "deepseaguard.alerts.email.to[0]=duty-officer@deepseaguard.test",
                "deepseaguard.alerts.delivery.poll-interval=PT0.1S",
                "deepseaguard.alerts.delivery.first-retry-delay=PT0.05S",
                "deepseaguard.alerts.delivery.max-retry-delay=PT0.2S",
                "deepseaguard.alerts.delivery.max-attempts=3",
                "camel.component.mail.connection-timeout=2000",
                "camel.main.name=deepseaguard-email"
        })
class EmailAlertsTest {

    static final int SMTP_PORT = freePort();
    static final String RECIPIENT = "duty-officer@deepseaguard.test";

    /** A fresh GreenMail for every test, always on the same port (the hub's spring.mail.port). */
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", EmailAlertsTest::tempDir);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aCriticalEpisodeIsEmailedWhenItOpensAndWhenItCloses() throws Exception {
        http.post("/api/v1/zones", squareZone("Z-MAIL", "closed_area", 70, 20, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-MAIL","type":"restricted_zone","severity":"critical","zone_ids":["Z-MAIL"]}""");
        Instant inside = ago(120);
        Instant outside = inside.plusSeconds(60);

        assertThat(http.post("/api/v1/telemetry", fix("AUV-MAIL", inside, 20.5, 70.5, 3000)).status()).isEqualTo(202);
        // the episode goes on: more breaching fixes, no more email
        http.post("/api/v1/telemetry", fix("AUV-MAIL", inside.plusSeconds(20), 20.6, 70.6, 3000));
        http.post("/api/v1/telemetry", fix("AUV-MAIL", inside.plusSeconds(40), 20.7, 70.7, 3000));

        MimeMessage opened = awaitEmails(m -> subject(m).contains(" AUV-MAIL "), 1).get(0);
        String violationId = http.get("/api/v1/violations?auv_id=AUV-MAIL").json().get("violations").get(0)
                .get("violation_id").asText();
        assertThat(subject(opened)).isEqualTo("[DeepSeaGuard] CRITICAL R-MAIL AUV-MAIL in Z-MAIL (opened)");
        assertThat(recipients(opened)).containsExactly(RECIPIENT);
        assertThat(opened.getFrom()[0].toString()).isEqualTo("hub@deepseaguard.test");
        String body = text(opened);
        assertThat(body).contains("AUV-MAIL", "R-MAIL (restricted_zone)", "Z-MAIL", "critical", violationId,
                "still open", "lat 20.5, lon 70.5, depth 3000.0 m");
        assertThat(body).containsPattern("Started: +" + inside).containsPattern("Violation ID: +" + violationId)
                .containsPattern("Rule version: +1").containsPattern("Zone version: +1");
        assertThat(opened.getHeader("X-DeepSeaGuard-Delivery")[0])
                .isEqualTo(AlertFactory.deliveryId(violationId, "violation_opened", "config-email-1"));
        JsonNode attached = json.readTree(attachment(opened));
        assertThat(attached.get("event_type").asText()).isEqualTo("violation_opened");
        assertThat(attached.get("violation").get("violation_id").asText()).isEqualTo(violationId);

        http.post("/api/v1/telemetry", fix("AUV-MAIL", outside, 19.5, 70.5, 3000));

        List<MimeMessage> both = awaitEmails(m -> subject(m).contains(" AUV-MAIL "), 2);
        MimeMessage closed = both.get(1);
        assertThat(subject(closed)).isEqualTo("[DeepSeaGuard] CRITICAL R-MAIL AUV-MAIL in Z-MAIL (closed)");
        assertThat(text(closed)).contains(violationId).containsPattern("Ended: +" + outside);
        assertThat(json.readTree(attachment(closed)).get("event_type").asText()).isEqualTo("violation_closed");
        // one email per transition of the episode: still two once the worker is idle
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(violationId).stream()
                .allMatch(d -> d.get("status").asText().equals("delivered")));
        assertThat(matching(m -> subject(m).contains(" AUV-MAIL "))).hasSize(2);
        assertThat(deliveries(violationId)).extracting(d -> d.get("transition").asText())
                .containsExactlyInAnyOrder("violation_opened", "violation_closed");
    }

    @Test
    void anEmailSubscriptionGetsWhatItsFiltersMatch() throws Exception {
        Http.Response created = http.post("/api/v1/subscriptions", """
                {"subscription_id":"mail-apei","channel":"email","target":"apei-watch@deepseaguard.test",
                 "zone_types":["apei"]}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("secret_set").asBoolean()).isFalse();
        http.post("/api/v1/zones", squareZone("Z-MAIL-APEI", "apei", 74, 24, 1));
        http.post("/api/v1/zones", squareZone("Z-MAIL-CLOSED", "closed_area", 76, 26, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-MAIL-F","type":"restricted_zone","severity":"critical","zone_ids":["Z-MAIL-APEI","Z-MAIL-CLOSED"]}""");
        http.post("/api/v1/telemetry", fix("AUV-MAIL-F1", ago(60), 24.5, 74.5, 3000));
        http.post("/api/v1/telemetry", fix("AUV-MAIL-F2", ago(60), 26.5, 76.5, 3000));

        // the duty officer (config-email-1) gets both; the APEI watch only the APEI one
        awaitEmails(m -> subject(m).contains("AUV-MAIL-F") && recipients(m).contains(RECIPIENT), 2);
        MimeMessage apei = awaitEmails(m -> recipients(m).contains("apei-watch@deepseaguard.test"), 1).get(0);
        assertThat(subject(apei)).isEqualTo("[DeepSeaGuard] CRITICAL R-MAIL-F AUV-MAIL-F1 in Z-MAIL-APEI (opened)");
        assertThat(recipients(apei)).containsExactly("apei-watch@deepseaguard.test");
        String f2 = http.get("/api/v1/violations?auv_id=AUV-MAIL-F2").json().get("violations").get(0).get("violation_id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(f2).stream()
                .allMatch(d -> d.get("status").asText().equals("delivered")));
        assertThat(deliveries(f2)).extracting(d -> d.get("subscription_id").asText()).containsExactly("config-email-1");
        assertThat(matching(m -> recipients(m).contains("apei-watch@deepseaguard.test"))).hasSize(1);
        assertThat(http.delete("/api/v1/subscriptions/mail-apei").status()).isEqualTo(204);
    }

    @Test
    void aWarningDigestIsOneEmailListingItsWarnings() throws Exception {
        http.post("/api/v1/rules", """
                {"rule_id":"R-MAIL-DEPTH","type":"depth_limit","severity":"warning","max_depth":100,
                 "auv_ids":["AUV-MAIL-W1","AUV-MAIL-W2"]}""");

        http.post("/api/v1/telemetry", fix("AUV-MAIL-W1", ago(30), 5, 5, 250));
        http.post("/api/v1/telemetry", fix("AUV-MAIL-W2", ago(30), 6, 6, 300));

        MimeMessage digest = awaitEmails(m -> subject(m).contains("WARNING digest")
                && text(m).contains("AUV-MAIL-W1") && text(m).contains("AUV-MAIL-W2"), 1).get(0);
        assertThat(recipients(digest)).containsExactly(RECIPIENT);
        String body = text(digest);
        assertThat(body).contains("AUV-MAIL-W1 R-MAIL-DEPTH (open)", "AUV-MAIL-W2 R-MAIL-DEPTH (open)", "depth 250.0 m",
                "depth 300.0 m");
        JsonNode attached = json.readTree(attachment(digest));
        assertThat(attached.get("event_type").asText()).isEqualTo("warning_digest");
        assertThat(subject(digest)).isEqualTo("[DeepSeaGuard] WARNING digest: %d warning%s"
                .formatted(attached.get("count").asInt(), attached.get("count").asInt() == 1 ? "" : "s"));
        for (JsonNode v : attached.get("violations")) {
            assertThat(body).contains(v.get("violation_id").asText());
        }
    }

    @Test
    void smtpDownNeitherBreaksIngestionNorLosesTheEmail() throws Exception {
        http.post("/api/v1/zones", squareZone("Z-MAIL-DOWN", "closed_area", 72, 22, 1));
        http.post("/api/v1/rules", """
                {"rule_id":"R-MAIL-DOWN","type":"restricted_zone","severity":"critical","zone_ids":["Z-MAIL-DOWN"]}""");
        SMTP.stop();

        assertThat(http.post("/api/v1/telemetry", fix("AUV-MAIL-DOWN", ago(60), 22.5, 72.5, 3000)).status()).isEqualTo(202);
        JsonNode stored = http.get("/api/v1/violations?auv_id=AUV-MAIL-DOWN").json();
        assertThat(stored.get("total").asInt()).isEqualTo(1);
        assertThat(stored.get("violations").get(0).get("rule_id").asText()).isEqualTo("R-MAIL-DOWN");

        // retried by the outbox with back-off, then parked with the reason: the delivery and its alert, replayable
        String parked = "SELECT id, reason, payload, replay_endpoint FROM dead_letters"
                + " WHERE route_id = 'alerts-deliver' AND payload LIKE '%AUV-MAIL-DOWN%'";
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList(parked).isEmpty());
        Map<String, Object> row = jdbc.queryForMap(parked);
        assertThat(row.get("reason").toString()).containsIgnoringCase("connect");
        JsonNode payload = json.readTree(row.get("payload").toString());
        assertThat(payload.get("subscription_id").asText()).isEqualTo("config-email-1");
        assertThat(payload.at("/alert/rule_id").asText()).isEqualTo("R-MAIL-DOWN");
        assertThat(row.get("replay_endpoint").toString()).isEqualTo("direct:alerts-redeliver");

        // the SMTP server is back: a replay sends it
        SMTP.start();
        Http.Response replay = http.post("/api/v1/dead-letters/" + row.get("id") + "/replay", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("replayed");
        MimeMessage late = awaitEmails(m -> subject(m).contains("AUV-MAIL-DOWN"), 1).get(0);
        assertThat(subject(late)).isEqualTo("[DeepSeaGuard] CRITICAL R-MAIL-DOWN AUV-MAIL-DOWN in Z-MAIL-DOWN (opened)");
    }

    private List<JsonNode> deliveries(String violationId) {
        List<JsonNode> out = new java.util.ArrayList<>();
        http.get("/api/v1/violations/" + violationId + "/deliveries").json().get("deliveries").forEach(out::add);
        return out;
    }

    interface Match {
        boolean test(MimeMessage message) throws Exception;
    }

    /** Waits until GreenMail holds exactly {@code count} matching emails and returns them in arrival order. */
    private static List<MimeMessage> awaitEmails(Match match, int count) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> matching(match).size() >= count);
        List<MimeMessage> found = matching(match);
        assertThat(found).hasSize(count);
        return found;
    }

    private static List<MimeMessage> matching(Match match) throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessages()) {
            if (match.test(m)) {
                found.add(m);
            }
        }
        return found;
    }

    private static String subject(MimeMessage message) throws Exception {
        return message.getSubject();
    }

    private static List<String> recipients(MimeMessage message) throws Exception {
        return Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
    }

    /** The plain-text part. */
    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String s) {
            return s;
        }
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain") && part.getFileName() == null) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no text part");
    }

    /** The attached JSON. */
    private static String attachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getFileName() != null && part.getFileName().endsWith(".json")) {
                try (InputStream in = part.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no JSON attachment");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("dsg-email").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
