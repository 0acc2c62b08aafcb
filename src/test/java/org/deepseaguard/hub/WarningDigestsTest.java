package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.routes.Headers;
import org.deepseaguard.hub.routes.ResultMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Warning digests and critical alerts under load and under failure (issue 7; docs/messaging.md,
 * "Warning digest"). Its own context: digests complete often (batch size 200, a one-second window),
 * the warning_alerts and critical_alerts outputs are test endpoints that record what they get (and
 * fail on demand), and the dead-letter channel redelivers once, quickly.
 *
 * <p>What the tests hold the hub to: many callers sending warnings at once while digests complete
 * (by size and by the window) get no exception, nothing is parked, and every warning is in exactly one
 * digest; a digest that cannot be published is parked with its reason and can be replayed, and a
 * critical alert that cannot be published is parked too; in neither case does the sender see it.
 */
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "deepseaguard.demo.enabled=false",
                "deepseaguard.simulator.enabled=false",
                "deepseaguard.warnings.window=PT1S",
                "deepseaguard.warnings.batch-size=" + WarningDigestsTest.BATCH_SIZE,
                "deepseaguard.outputs.warning-alerts=bean:outputSink?method=warningDigest",
                "deepseaguard.outputs.critical-alerts=bean:outputSink?method=criticalAlert",
                "deepseaguard.dead-letter.maximum-redeliveries=1",
                "deepseaguard.dead-letter.redelivery-delay=20ms",
                "deepseaguard.dead-letter.maximum-redelivery-delay=50ms",
                "camel.main.name=deepseaguard-warning-digests"
        })
@Import(WarningDigestsTest.Outputs.class)
class WarningDigestsTest {

    static final int BATCH_SIZE = 200;
    private static final String SENDER_THREAD = "warning-sender-";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("deepseaguard.data-dir", WarningDigestsTest::tempDir);
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    OutputSink sink;
    @LocalServerPort
    int port;

    @AfterEach
    void healthyOutputs() {
        sink.failing = false;
    }

    @Test
    void tenThousandWarningsFromEightSendersEndUpInDigestsExactlyOnce() throws Exception {
        int senders = 8;
        int perSender = 1_250;
        long deadLettersBefore = deadLetters();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders,
                task -> new Thread(task, SENDER_THREAD + threadNumber.incrementAndGet()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                String auvId = "AUV-LOAD-" + s;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        String violationId = auvId + "-V" + i;
                        try {
                            Exchange result = sendWarning(violation(violationId, auvId));
                            if (result.getException() != null) {
                                failures.add(violationId + ": " + result.getException());
                            }
                        } catch (RuntimeException e) {
                            failures.add(violationId + ": " + e);
                        }
                        sent.add(violationId);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).as("exceptions that reached a sender").isEmpty();
        assertThat(sent).hasSize(senders * perSender);

        // every open batch completed and every completed one confirmed (published and off the table)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(rows("warning_batches")).as("open batches").isZero();
            assertThat(rows("warning_batches_completed")).as("completed batches not yet confirmed").isZero();
            assertThat(sink.warningIds()).as("warnings published").containsAll(sent);
        });

        List<JsonNode> digests = sink.digests(json);
        Map<String, Integer> timesSeen = new HashMap<>();
        int loadDigests = 0;
        for (JsonNode digest : digests) {
            if (!digest.get("violations").get(0).get("violation_id").asText().startsWith("AUV-LOAD-")) {
                continue; // another test's digest
            }
            loadDigests++;
            assertThat(digest.get("event_type").asText()).isEqualTo("warning_digest");
            assertThat(digest.get("count").asInt()).isEqualTo(digest.get("violations").size()).isBetween(1, BATCH_SIZE);
            for (JsonNode v : digest.get("violations")) {
                assertThat(v.get("severity").asText()).isEqualTo("warning");
                timesSeen.merge(v.get("violation_id").asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> duplicates = new HashMap<>(timesSeen);
        duplicates.values().removeIf(n -> n == 1);
        assertThat(duplicates).as("warnings in more than one digest").isEmpty();
        assertThat(timesSeen.keySet()).as("every warning sent, in a digest").isEqualTo(sent);
        assertThat(loadDigests).as("digests").isGreaterThanOrEqualTo(sent.size() / BATCH_SIZE);
        assertThat(deadLetters()).as("dead letters parked").isEqualTo(deadLettersBefore);
        assertThat(sink.warningThreads()).as("digests are built and sent on the aggregator's threads")
                .noneMatch(thread -> thread.startsWith(SENDER_THREAD));
    }

    @Test
    void aDigestThatCannotBePublishedIsParkedAndReplayableAndTheSenderNeverSeesIt() throws Exception {
        long before = maxDeadLetterId();
        sink.failing = true;
        List<String> ids = List.of("AUV-PARK-1-V1", "AUV-PARK-2-V1", "AUV-PARK-3-V1");
        for (String id : ids) {
            Exchange result = sendWarning(violation(id, id.substring(0, 10)));
            assertThat(result.getException()).as("exception seen by the sender").isNull();
        }

        String parked = "SELECT id, route_id, reason, payload, replay_endpoint FROM dead_letters"
                + " WHERE id > ? AND route_id = 'warnings-digest'";
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(parked, before).isEmpty());
        Map<String, Object> row = jdbc.queryForList(parked, before).get(0);
        assertThat(row.get("reason").toString()).isEqualTo("warning_alerts refused the message");
        JsonNode batch = json.readTree(row.get("payload").toString());
        List<String> inBatch = new ArrayList<>();
        for (JsonNode v : batch) {
            inBatch.add(json.readTree(v.asText()).get("violation_id").asText());
        }
        assertThat(inBatch).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(row.get("replay_endpoint").toString()).isEqualTo("direct://warnings-digest");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("warning_batches_completed") == 0);

        // the output is back: a replay publishes the parked digest
        sink.failing = false;
        Http http = new Http(port);
        Http.Response replay = http.post("/api/v1/dead-letters/" + row.get("id") + "/replay", "");
        assertThat(replay.json().get("status").asText()).isEqualTo("replayed");
        JsonNode digest = sink.digests(json).stream()
                .filter(d -> d.get("violations").get(0).get("violation_id").asText().startsWith("AUV-PARK-"))
                .findFirst().orElseThrow();
        List<String> published = new ArrayList<>();
        digest.get("violations").forEach(v -> published.add(v.get("violation_id").asText()));
        assertThat(published).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(digest.get("count").asInt()).isEqualTo(3);
    }

    @Test
    void aCriticalAlertThatCannotBePublishedIsParkedAndTheSenderNeverSeesIt() throws Exception {
        long before = maxDeadLetterId();
        sink.failing = true;
        String violation = violation("AUV-CRIT-V1", "AUV-CRIT", Severity.CRITICAL);

        Exchange result = producer.send("direct:alerts-critical", exchange -> {
            exchange.getMessage().setBody(violation);
            exchange.getMessage().setHeader(Headers.AUV_ID, "AUV-CRIT");
            exchange.getMessage().setHeader(Headers.EVENT_TYPE, ResultMessages.VIOLATION_OPENED);
            exchange.getMessage().setHeader(Headers.SEVERITY, "critical");
        });

        assertThat(result.getException()).as("exception seen by the sender").isNull();
        Map<String, Object> row = jdbc.queryForMap("SELECT id, reason, payload, replay_endpoint FROM dead_letters"
                + " WHERE id > ? AND route_id = 'alerts-critical'", before);
        assertThat(row.get("reason").toString()).isEqualTo("critical_alerts refused the message");
        // the alert as it was to be sent, replayable to the output it missed
        JsonNode alert = json.readTree(row.get("payload").toString());
        assertThat(alert.get("event_type").asText()).isEqualTo("violation_opened");
        assertThat(alert.get("violation").get("violation_id").asText()).isEqualTo("AUV-CRIT-V1");
        assertThat(row.get("replay_endpoint").toString())
                .isEqualTo("bean:outputSink?method=criticalAlert");
    }

    private Exchange sendWarning(String violation) throws IOException {
        JsonNode v = json.readTree(violation);
        return producer.send("direct:warnings-batch", exchange -> {
            exchange.getMessage().setBody(violation);
            exchange.getMessage().setHeader(Headers.AUV_ID, v.get("auv_id").asText());
            exchange.getMessage().setHeader(Headers.EVENT_TYPE, ResultMessages.VIOLATION_OPENED);
            exchange.getMessage().setHeader(Headers.SEVERITY, "warning");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        });
    }

    private String violation(String violationId, String auvId) throws IOException {
        return violation(violationId, auvId, Severity.WARNING);
    }

    /** A violation change as the pipeline publishes it (ResultMessages: the Violation record as JSON). */
    private String violation(String violationId, String auvId, Severity severity) throws IOException {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return json.writeValueAsString(new Violation(violationId, auvId, "R-LOAD-DEPTH", RuleType.DEPTH_LIMIT, null,
                severity, Violation.Status.OPEN, t, null, t, 11.2, -117.1, 4350.0,
                "depth 4350.0 m exceeds the limit of 4000.0 m", false, false, 0, 1));
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private long deadLetters() {
        return rows("dead_letters");
    }

    private long maxDeadLetterId() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM dead_letters", Long.class);
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("dsg-digests").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stands in for the warning_alerts and critical_alerts outputs: records every message it gets and
     * the thread it came on, or refuses it while {@link #failing}. Thread-safe.
     */
    static class OutputSink {

        record Received(String body, String thread) {
        }

        volatile boolean failing;
        private final Queue<Received> warnings = new ConcurrentLinkedQueue<>();

        public void warningDigest(String body) {
            if (failing) {
                throw new IllegalStateException("warning_alerts refused the message");
            }
            warnings.add(new Received(body, Thread.currentThread().getName()));
        }

        public void criticalAlert(String body) {
            if (failing) {
                throw new IllegalStateException("critical_alerts refused the message");
            }
        }

        List<JsonNode> digests(ObjectMapper json) throws IOException {
            List<JsonNode> digests = new ArrayList<>();
            for (Received r : warnings) {
                digests.add(json.readTree(r.body()));
            }
            return digests;
        }

        /** Violation ids over every digest received, duplicates collapsed. */
        Set<String> warningIds() throws IOException {
            Set<String> ids = new HashSet<>();
            ObjectMapper plain = new ObjectMapper();
            for (Received r : warnings) {
                plain.readTree(r.body()).get("violations").forEach(v -> ids.add(v.get("violation_id").asText()));
            }
            return ids;
        }

        Set<String> warningThreads() {
            Set<String> threads = new HashSet<>();
            warnings.forEach(r -> threads.add(r.thread()));
            return threads;
        }
    }

    @TestConfiguration
    static class Outputs {

        @Bean
        OutputSink outputSink() {
            return new OutputSink();
        }
    }
}
