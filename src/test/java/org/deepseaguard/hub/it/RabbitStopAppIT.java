package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ stopped ({@code rabbitmqctl stop_app}) for about 10 s while 10,000 fixes are published to
 * the telemetry exchange (the run's own {@code auv_telemetry.<run>}, see {@link OutageTestSupport}): persistent messages, publisher confirms; the publisher, as a real
 * client does, publishes in windows and sends a window again when it was not wholly confirmed
 * (the connection died under it), reconnecting until the broker is back. The hub's consumer
 * recovers by itself. In the end every fix is applied once, in order, with exactly the episodes of
 * an uninterrupted run, the queue drained, and no fix dead-lettered (only the results the hub could
 * not publish to the output queues while the broker was away are parked, for replay)
 * ({@link FaultFleet#assertCountedEndState}).
 *
 * <p>Stopping the machine's RabbitMQ disturbs every other test using it at that moment: run this
 * test last and alone. The broker is started again in a {@code finally} whatever happens.
 */
class RabbitStopAppIT extends OutageTestSupport {

    private static final int WINDOW = 250;
    private static final int STOP_AFTER = 3_000;
    /** The routes that publish the pipeline's results to the broker and park what it refuses. */
    private static final java.util.Set<String> OUTPUT_ROUTES = java.util.Set.of("results-route", "violations-publish",
            "alerts-critical", "alerts-notify", "warnings-batch", "warnings-digest");

    @Test
    void tenThousandFixesPublishedAcrossABrokerStopAreEachAppliedOnce() throws Exception {
        createDatabase();
        startHub(FreshPostgresDatabase.SERVER + database);
        FaultFleet.setUp(http());
        FaultFleet fleet = fleet("MQ-", 10, 1_000);
        List<ObjectNode> fixes = new ArrayList<>(fleet.fixes());
        for (int i = 0; i < fleet.fixesPerVehicle; i++) {
            for (int v = 0; v < fleet.vehicles; v++) {
                fixes.add(fleet.fix(v, i));
            }
        }

        ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> outage = new CompletableFuture<>();
        AtomicInteger windowsSentAgain = new AtomicInteger();
        try {
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build();
            int confirmed = 0;
            boolean stopped = false;
            while (confirmed < fixes.size()) {
                try (Connection connection = connect(); Channel channel = connection.createChannel()) {
                    channel.confirmSelect();
                    while (confirmed < fixes.size()) {
                        int end = Math.min(confirmed + WINDOW, fixes.size());
                        for (int k = confirmed; k < end; k++) {
                            ObjectNode fix = fixes.get(k);
                            channel.basicPublish(exchange, "auv.telemetry." + fix.get("auv_id").asText(), persistent,
                                    fix.toString().getBytes(StandardCharsets.UTF_8));
                            if (k == STOP_AFTER && !stopped) {
                                stopped = true;
                                // stop the broker while this window is in flight, and wait until it is down,
                                // so the publisher surely meets the outage (it would otherwise finish first on
                                // a quiet machine); start it again ~10 s later
                                try {
                                    run("rabbitmqctl", "stop_app");
                                    broker.schedule(() -> {
                                        run("rabbitmqctl", "start_app");
                                        outage.complete(null);
                                    }, 10, TimeUnit.SECONDS);
                                } catch (RuntimeException e) {
                                    outage.completeExceptionally(e);
                                }
                            }
                        }
                        channel.waitForConfirmsOrDie(30_000);
                        confirmed = end;
                    }
                } catch (Exception notConfirmed) {
                    // the window [confirmed, end) is sent again on a new connection (duplicates are the hub's to drop)
                    windowsSentAgain.incrementAndGet();
                }
            }
            outage.get(2, TimeUnit.MINUTES);
        } finally {
            broker.shutdownNow();
            run("rabbitmqctl", "start_app");
            awaitBroker();
        }
        assertThat(windowsSentAgain).as("the publisher met the outage").hasPositiveValue();

        awaitAllApplied(fleet.fixes());
        try (var db = db()) {
            // the events and violations the hub could not publish while the broker was away are
            // parked for replay (docs/messaging.md, "When something fails"); no fix may be
            FaultFleet.assertCountedEndState(db, OUTPUT_ROUTES, fleet);
        }
    }

    /** A connection, retried every 500 ms for up to a minute while the broker is away. */
    private static Connection connect() {
        Connection[] connection = new Connection[1];
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> (connection[0] = rabbitFactory().newConnection("deepseaguard-fault-it-publisher")) != null);
        return connection[0];
    }

    private static void awaitBroker() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> run("rabbitmq-diagnostics", "-q", "ping") == 0);
    }

    /** Runs a broker command, bounded to 60 s; its exit status. */
    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
