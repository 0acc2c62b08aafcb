package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepseaguard.hub.Http;
import org.deepseaguard.hub.HubProcess;
import org.junit.jupiter.api.AfterEach;

/**
 * The frame of the service-outage fault tests: a hub JVM of its own in profile {@code stack}
 * (fresh PostgreSQL database, fresh Redis key prefix, AMQP ingestion on; Kafka, MQTT, InfluxDB and
 * email off), a scripted fleet sent on a fixed beat over AMQP (persistent, confirmed) and HTTP
 * (batches re-sent, in order, until accepted, as a real client would), and an outage made by a
 * {@link FaultProxy} between the hub and one service, cut and restored on a schedule while the
 * fleet sends. Waits are Awaitility or blocking polls with timeouts, never sleeps.
 */
abstract class OutageTestSupport {

    static final Duration BEAT = Duration.ofMillis(250);

    /**
     * Not {@code dsg_it_...}: {@link FreshPostgresDatabase} of any test starting meanwhile drops
     * those with nobody connected, which is exactly this database's state during an outage.
     */
    final String database = "dsgfault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    /** The hub's data directory and logs, kept under target/ for a look after a failure. */
    final Path hubDir = Path.of("target", "fault-it", database).toAbsolutePath();
    final String redisPrefix = database + ":";
    /**
     * The run's own telemetry exchange and queue ({@code auv_telemetry.<run>}, {@code
     * auv_telemetry_raw.<run>}, the same topic exchange and binding {@code auv.telemetry.<run>.#};
     * the fleets' auv_ids start with {@code <run>.}): the machine's RabbitMQ is shared with other
     * test JVMs whose hubs consume {@code auv_telemetry_raw} and took some of a run's fixes, and
     * whose fix counts this run's fixes would spoil.
     */
    final String run = database.substring("dsgfault_".length());
    final String exchange = "auv_telemetry." + run;
    final String queue = "auv_telemetry_raw." + run;
    HubProcess hub;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A fleet sent over one channel, starting at beat {@code firstBeat}, one fix per vehicle a beat. */
    record Lane(FaultFleet fleet, boolean amqp, int firstBeat) {
        int lastBeat() {
            return firstBeat + fleet.fixesPerVehicle - 1;
        }
    }

    /** What the HTTP client met: the status of every answer that was not 202, and failures to get one. */
    static final class HttpLog {
        final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        final List<String> noAnswer = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger accepted = new AtomicInteger();
    }

    void createDatabase() throws SQLException {
        try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
    }

    java.sql.Connection db() throws SQLException {
        return DriverManager.getConnection(FreshPostgresDatabase.SERVER + database, FreshPostgresDatabase.USER, "");
    }

    <T extends AutoCloseable> T closeAfter(T resource) {
        toClose.add(resource);
        return resource;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (hub != null) {
            hub.kill();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        try (var admin = DriverManager.getConnection(FreshPostgresDatabase.SERVER + "test", FreshPostgresDatabase.USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        try (Connection connection = rabbitFactory().newConnection("deepseaguard-fault-it-cleanup");
             Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
            channel.exchangeDelete(exchange);
        }
        FreshRedisPrefix.deleteKeys(redisPrefix);
    }

    /** Starts the hub in {@code stack} on the fresh database and key prefix, with {@code extraArgs} last. */
    HubProcess startHub(String datasourceUrl, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=stack",
                "--spring.datasource.url=" + datasourceUrl,
                "--spring.datasource.username=" + FreshPostgresDatabase.USER,
                "--deepseaguard.redis.key-prefix=" + redisPrefix,
                "--deepseaguard.security.api-keys[0]=" + StackTestSupport.ADMIN_KEY_SHA256 + ":admin",
                "--deepseaguard.alerts.secret-key=" + StackTestSupport.ALERT_SECRET_KEY,
                "--server.address=127.0.0.1",
                "--deepseaguard.ingest.kafka.enabled=false",
                "--deepseaguard.analytics.kafka.enabled=false",
                "--deepseaguard.ingest.mqtt.enabled=false",
                "--deepseaguard.influxdb.enabled=false",
                "--deepseaguard.alerts.email.enabled=false",
                "--deepseaguard.amqp.telemetry-exchange=" + exchange,
                "--deepseaguard.amqp.telemetry-queue=" + queue,
                "--deepseaguard.amqp.telemetry-binding-key=auv.telemetry." + run + ".#"));
        args.addAll(List.of(extraArgs));
        try {
            java.nio.file.Files.createDirectories(hubDir.resolve("routes"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        hub = HubProcess.startWithKey(hubDir, "hub", StackTestSupport.ADMIN_KEY, args.toArray(String[]::new));
        return hub;
    }

    Http http() {
        return hub.http(StackTestSupport.ADMIN_KEY);
    }

    /**
     * Sends the lanes on the beat; cuts {@code proxy} at beat {@code cutAt} and restores it
     * {@code outage} later; returns when every fix was published (confirmed) or accepted over HTTP.
     */
    HttpLog sendAcross(FaultProxy proxy, int cutAt, Duration outage, List<Lane> lanes) throws Exception {
        int beats = lanes.stream().mapToInt(Lane::lastBeat).max().orElseThrow() + 1;
        HttpLog log = new HttpLog();
        BlockingQueue<ArrayNode> httpRounds = new LinkedBlockingQueue<>();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        ConnectionFactory factory = rabbitFactory();
        try (Connection connection = factory.newConnection("deepseaguard-fault-it");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build();
            AtomicInteger next = new AtomicInteger();
            CompletableFuture<Void> published = new CompletableFuture<>();
            beat.scheduleAtFixedRate(() -> {
                int b = next.getAndIncrement();
                if (b >= beats) {
                    published.complete(null);
                    return;
                }
                try {
                    if (b == cutAt) {
                        proxy.cut();
                        faults.schedule(proxy::restore, outage.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    ArrayNode httpRound = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
                    for (Lane lane : lanes) {
                        int i = b - lane.firstBeat();
                        if (i < 0 || i >= lane.fleet().fixesPerVehicle) {
                            continue;
                        }
                        for (int v = 0; v < lane.fleet().vehicles; v++) {
                            ObjectNode fix = lane.fleet().fix(v, i);
                            if (lane.amqp()) {
                                channel.basicPublish(exchange, "auv.telemetry." + fix.get("auv_id").asText(),
                                        persistent, fix.toString().getBytes(StandardCharsets.UTF_8));
                            } else {
                                httpRound.add(fix);
                            }
                        }
                    }
                    channel.waitForConfirmsOrDie(10_000);
                    if (!httpRound.isEmpty()) {
                        httpRounds.add(httpRound);
                    }
                } catch (Exception e) {
                    published.completeExceptionally(e);
                }
            }, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);

            // the HTTP client: batches in order; one that is refused is sent again (the next beat paces it)
            Deque<ArrayNode> pending = new ArrayDeque<>();
            Http http = http();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos() + BEAT.toNanos() * beats;
            while (!(published.isDone() && httpRounds.isEmpty() && pending.isEmpty())) {
                assertThat(System.nanoTime()).as("every HTTP batch accepted in time").isLessThan(deadline);
                ArrayNode round = httpRounds.poll(BEAT.toMillis() * 2, TimeUnit.MILLISECONDS);
                if (round != null) {
                    pending.add(round);
                }
                while (!pending.isEmpty()) {
                    try {
                        Http.Response r = http.send(http.request("/api/v1/telemetry")
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(15))
                                .POST(HttpRequest.BodyPublishers.ofString(pending.peek().toString())));
                        if (r.status() == 202) {
                            assertThat(r.json().get("rejected")).isEmpty();
                            pending.remove();
                            log.accepted.incrementAndGet();
                        } else {
                            log.refusals.add(r.status() + " " + r.contentType() + " " + r.text());
                            break;
                        }
                    } catch (IllegalStateException noAnswer) {
                        log.noAnswer.add(String.valueOf(noAnswer.getCause()));
                        break;
                    }
                }
            }
            published.get(10, TimeUnit.SECONDS);
        } finally {
            beat.shutdownNow();
            faults.shutdown();
            assertThat(faults.awaitTermination(60, TimeUnit.SECONDS)).as("the outage ended").isTrue();
            proxy.restore();
        }
        return log;
    }

    /** Waits until the fix log holds {@code fixes} rows and the telemetry queue is drained. */
    void awaitAllApplied(long fixes) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            try (var c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fix_log")) {
                rs.next();
                assertThat(rs.getLong(1)).as("fix_log rows").isEqualTo(fixes);
            }
            assertThat(queueDepth()).as("queue " + queue + " drained").isZero();
        });
    }

    /** A fleet of this run: auv_ids {@code <run>.<name><v>}. */
    FaultFleet fleet(String name, int vehicles, int fixesPerVehicle) {
        return new FaultFleet(run + "." + name, vehicles, fixesPerVehicle);
    }

    long queueDepth() throws Exception {
        try (Connection connection = rabbitFactory().newConnection("deepseaguard-fault-it-depth");
             Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    static ConnectionFactory rabbitFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}
