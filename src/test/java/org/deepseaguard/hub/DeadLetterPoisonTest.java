package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.deadletter.DeadLetter;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.deadletter.DeadLetterService.ReplayResult;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.ConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9, parts 5 and 7, in the embedded default profile (H2): storing a dead letter never fails on
 * content (NUL, invalid UTF-8, a source header over its column, long header values), the original
 * bytes are kept and replayed byte-exactly, a replay claims its row (two concurrent replays: exactly
 * one sends) and a replay that fails again leaves the row replayable. (Against PostgreSQL and
 * RabbitMQ: PoisonDeadLetterIT.)
 */
class DeadLetterPoisonTest extends HubTestSupport {

    /** What the capture route received, per dead-letter id. */
    static final Map<Long, List<byte[]>> CAPTURED = new ConcurrentHashMap<>();
    /** Replays to direct:test-replay-gate wait here until the test opens it. */
    static volatile CountDownLatch gateEntered = new CountDownLatch(1);
    static volatile CountDownLatch gateOpen = new CountDownLatch(1);
    static final AtomicInteger GATE_DELIVERIES = new AtomicInteger();
    /** direct:test-replay-flaky fails while this is positive, counting down. */
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    DeadLetterService deadLetters;

    @BeforeEach
    void testRoutes() throws Exception {
        if (camel.getRoute("test-poison-input") != null) {
            return;
        }
        camel.addRoutes(new EndpointRouteBuilder() {
            @Override
            public void configure() {
                // a consumer like the broker ingest routes: the dead-letter channel, then the pipeline
                from(direct("test-poison-input")).routeId("test-poison-input")
                        .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                        .process("pipelineCall");
                from(direct("test-replay-capture")).routeId("test-replay-capture")
                        .process(e -> CAPTURED.computeIfAbsent(replayOf(e), k -> new CopyOnWriteArrayList<>())
                                .add(e.getMessage().getBody(byte[].class)));
                from(direct("test-replay-gate")).routeId("test-replay-gate")
                        .process(e -> {
                            GATE_DELIVERIES.incrementAndGet();
                            gateEntered.countDown();
                            if (!gateOpen.await(30, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the test never opened the gate");
                            }
                        });
                from(direct("test-replay-flaky")).routeId("test-replay-flaky")
                        .process(e -> {
                            if (FLAKY_FAILURES.getAndDecrement() > 0) {
                                throw new IllegalStateException("downstream still down");
                            }
                            CAPTURED.computeIfAbsent(replayOf(e), k -> new CopyOnWriteArrayList<>())
                                    .add(e.getMessage().getBody(byte[].class));
                        });
            }
        });
    }

    private static long replayOf(Exchange e) {
        return e.getMessage().getHeader(DeadLetterHeaders.REPLAY_OF, Long.class);
    }

    @Test
    void aPayloadWithANulByteIsParkedCleanedWithItsOriginalBytes() {
        String auvId = id("AUV-NUL");
        String poison = "{\"auv_id\":\"" + auvId + "\",\"timestamp\":\"" + ago(10) + "\",\"latitude\":1.0,\u0000\"longitude\":2.0}";
        Exchange done = producer.send("direct:test-poison-input", e -> {
            e.getMessage().setBody(poison);
            e.getMessage().setHeader("deepseaguard_source", "test");
        });
        assertThat(done.getException()).as("parked, so the consumer would acknowledge").isNull();

        JsonNode row = row(auvId);
        assertThat(row.get("payload").asText()).doesNotContain("\u0000")
                .isEqualTo(poison.replace('\u0000', '\uFFFD'));
        assertThat(row.get("payload_note").asText()).contains("1 NUL character").contains("payload_base64");
        assertThat(Base64.getDecoder().decode(row.get("payload_base64").asText()))
                .isEqualTo(poison.getBytes(StandardCharsets.UTF_8));
        assertThat(row.get("payload_truncated").asBoolean()).isFalse();
        assertThat(row.get("payload_size").asLong()).isEqualTo(poison.getBytes(StandardCharsets.UTF_8).length);
        assertThat(row.get("reason").asText()).as("the parser's reason").isNotBlank().doesNotContain("\u0000");
        assertThat(row.get("replay_endpoint").asText()).isEqualTo("direct://test-poison-input");
    }

    @Test
    void invalidUtf8ALongSourceAndLongHeadersAreParkedAndReplayedByteExactly() {
        String auvId = id("AUV-BYTES");
        byte[] original = concat(("{\"auv_id\":\"" + auvId + "\",\"note\":\"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, (byte) 0xE2, (byte) 0x82}, "\"}".getBytes(StandardCharsets.UTF_8));
        String longSource = "s".repeat(200);
        String longRoute = "r".repeat(300);
        String longHeader = "h".repeat(10_000) + "\u0000";
        Exchange done = producer.send("direct:dead-letter-park", e -> {
            e.setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, "direct:test-replay-capture");
            e.getMessage().setBody(original);
            e.getMessage().setHeaders(Map.of(DeadLetterHeaders.REASON, "bad bytes \u0000 here",
                    DeadLetterHeaders.SOURCE, longSource, DeadLetterHeaders.ROUTE_ID, longRoute,
                    "x-long", longHeader));
        });
        assertThat(done.getException()).isNull();
        long id = done.getMessage().getHeader(DeadLetterHeaders.ID, Long.class);

        DeadLetter parked = deadLetters.find(id).orElseThrow();
        assertThat(parked.source()).isEqualTo("s".repeat(64));
        assertThat(parked.routeId()).isEqualTo("r".repeat(128));
        assertThat(parked.reason()).isEqualTo("bad bytes \uFFFD here");
        assertThat((String) parked.headers().get("x-long")).hasSize(4096).doesNotContain("\u0000");
        assertThat(parked.payload()).contains(auvId).contains("\uFFFD").doesNotContain("\u0000");
        assertThat(parked.payloadNote()).startsWith("payload is not valid UTF-8")
                .contains("source cut to 64 of 200 characters")
                .contains("route_id cut to 128 of 300 characters")
                .contains("headers cleaned or cut: ")
                .contains("x-long");
        assertThat(Base64.getDecoder().decode(parked.payloadBase64())).isEqualTo(original);

        ReplayResult replay = deadLetters.replay(id, AuditActor.SYSTEM);
        assertThat(replay.succeeded()).isTrue();
        assertThat(CAPTURED.get(id)).as("the original bytes, once").hasSize(1);
        assertThat(CAPTURED.get(id).get(0)).isEqualTo(original);
        DeadLetter after = deadLetters.find(id).orElseThrow();
        assertThat(after.replayedAt()).isNotNull();
        assertThat(after.replayCount()).isEqualTo(1);
        assertThat(after.replayClaimedAt()).isNull();
    }

    @Test
    void aHugePayloadIsCutInItsTextButReplayedWhole() {
        String auvId = id("AUV-HUGE");
        String huge = "{\"auv_id\":\"" + auvId + "\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
        Exchange done = producer.send("direct:dead-letter-park", e -> {
            e.setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, "direct:test-replay-capture");
            e.getMessage().setBody(huge);
            e.getMessage().setHeader(DeadLetterHeaders.REASON, "too big to judge");
        });
        long id = done.getMessage().getHeader(DeadLetterHeaders.ID, Long.class);
        DeadLetter parked = deadLetters.find(id).orElseThrow();
        assertThat(parked.payloadTruncated()).isTrue();
        assertThat(parked.payload()).hasSize(1_048_576).startsWith("{\"auv_id\":\"" + auvId);
        assertThat(parked.payloadNote()).contains("payload text cut to 1048576 of " + huge.length() + " characters");

        assertThat(deadLetters.replay(id, AuditActor.SYSTEM).succeeded()).isTrue();
        assertThat(new String(CAPTURED.get(id).get(0), StandardCharsets.UTF_8)).isEqualTo(huge);
    }

    @Test
    void ofTwoConcurrentReplaysOfOneRowExactlyOneSends() throws Exception {
        gateEntered = new CountDownLatch(1);
        gateOpen = new CountDownLatch(1);
        GATE_DELIVERIES.set(0);
        long id = park("direct:test-replay-gate", "{\"auv_id\":\"" + id("AUV-RACE") + "\"}");

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> replayAfter(start, id), threads);
            CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> replayAfter(start, id), threads);
            start.countDown();
            // one replay is inside the target, holding the claim; the other must come back refused
            assertThat(gateEntered.await(30, TimeUnit.SECONDS)).isTrue();
            Object loser = CompletableFuture.anyOf(first, second).get(30, TimeUnit.SECONDS);
            assertThat(loser).isInstanceOf(ConflictException.class);
            assertThat(((ConflictException) loser).getMessage()).contains("is being replayed");
            // told apart while the winner still waits at the gate (once it opens, both may be done)
            CompletableFuture<Object> winning = first.isDone() ? second : first;
            gateOpen.countDown();
            Object winner = winning.get(30, TimeUnit.SECONDS);
            assertThat(winner).isInstanceOf(ReplayResult.class);
            assertThat(((ReplayResult) winner).succeeded()).isTrue();
        } finally {
            gateOpen.countDown();
            threads.shutdownNow();
        }
        assertThat(GATE_DELIVERIES.get()).as("exactly one replay sent").isEqualTo(1);
        DeadLetter after = deadLetters.find(id).orElseThrow();
        assertThat(after.replayedAt()).isNotNull();
        assertThat(after.replayCount()).isEqualTo(1);
        assertThatThrownBy(() -> deadLetters.replay(id, AuditActor.SYSTEM)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already replayed");
    }

    @Test
    void aReplayThatFailsAgainReleasesItsClaimAndStaysReplayable() {
        FLAKY_FAILURES.set(1);
        String payload = "{\"auv_id\":\"" + id("AUV-FLAKY") + "\"}";
        long id = park("direct:test-replay-flaky", payload);

        ReplayResult failed = deadLetters.replay(id, AuditActor.SYSTEM);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.reason()).isEqualTo("downstream still down");
        DeadLetter pending = deadLetters.find(id).orElseThrow();
        assertThat(pending.replayedAt()).isNull();
        assertThat(pending.replayClaimedAt()).as("claim released").isNull();
        assertThat(pending.replayCount()).isEqualTo(1);
        assertThat(pending.reason()).isEqualTo("downstream still down");
        assertThat(CAPTURED.get(id)).isNull();

        ReplayResult replayed = deadLetters.replay(id, AuditActor.SYSTEM);
        assertThat(replayed.succeeded()).isTrue();
        assertThat(new String(CAPTURED.get(id).get(0), StandardCharsets.UTF_8)).isEqualTo(payload);
        DeadLetter done = deadLetters.find(id).orElseThrow();
        assertThat(done.replayedAt()).isNotNull();
        assertThat(done.replayCount()).isEqualTo(2);
    }

    @Test
    void aPublisherCannotRedirectItsFailureOntoAnotherRow() {
        long victim = park("direct:test-replay-capture", "{\"victim\":true}");
        String auvId = id("AUV-FORGED");
        String invalid = fix(auvId, ago(10), 95.0, 10.0, 100.0);
        producer.send("direct:test-poison-input", e -> {
            e.getMessage().setBody(invalid);
            e.getMessage().setHeader(DeadLetterHeaders.REPLAY_OF, victim);
        });
        assertThat(row(auvId).get("payload").asText()).as("a row of its own").isEqualTo(invalid);
        DeadLetter untouched = deadLetters.find(victim).orElseThrow();
        assertThat(untouched.replayCount()).isZero();
        assertThat(untouched.reason()).isEqualTo("parked by the test");
    }

    private Object replayAfter(CountDownLatch start, long id) {
        try {
            start.await();
            return deadLetters.replay(id, AuditActor.SYSTEM);
        } catch (ConflictException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private long park(String replayEndpoint, String payload) {
        Exchange done = producer.send("direct:dead-letter-park", e -> {
            e.setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, replayEndpoint);
            e.getMessage().setBody(payload);
            e.getMessage().setHeader(DeadLetterHeaders.REASON, "parked by the test");
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getHeader(DeadLetterHeaders.ID, Long.class);
    }

    private JsonNode row(String marker) {
        JsonNode page = http.get("/api/v1/dead-letters?replayed=false&limit=1000").json();
        for (JsonNode d : page.get("dead_letters")) {
            if (d.get("payload").asText().contains(marker)) {
                return d;
            }
        }
        throw new AssertionError("no dead letter holds " + marker + ": " + page);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
