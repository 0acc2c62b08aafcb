package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.hub.CrashScript.BATCHES;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over HTTP, in the default profile: the hub's JVM is killed with SIGKILL mid-stream (a real
 * separate process), twice, and restarted on the same data dir; the client resends what it got no
 * answer for (and once a batch it did get an answer for, as a client that lost the answer would).
 * Zone events, violations (ids, status, times), vehicle states (entry times, open episodes) and the
 * fix log end exactly as in an uninterrupted run of the same script ({@link CrashScript}).
 */
class CrashRecoveryTest {

    @TempDir
    Path uninterruptedDir;

    @TempDir
    Path crashedDir;

    /** The hub of the crashed run now, killed after the test whatever happened. */
    private HubProcess running;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (running != null) {
            running.kill();
        }
    }

    @Test
    void aKilledHubRestartsExactlyWhereItsLastCommittedBatchLeftOff() throws Exception {
        HubProcess reference = HubProcess.start(uninterruptedDir, "uninterrupted");
        CrashScript.Outcome expected;
        try {
            CrashScript.setUp(reference.http());
            for (int b = 0; b < BATCHES; b++) {
                CrashScript.send(reference.http(), b);
            }
            expected = CrashScript.Outcome.of(reference.http());
        } finally {
            reference.stop();
        }

        running = HubProcess.start(crashedDir, "run-1");
        CrashScript.setUp(running.http());
        for (int b = 0; b < 12; b++) {
            CrashScript.send(running.http(), b);
        }
        // batch 12 is on its way when the process dies: judged and committed, or not at all
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                CrashScript.request(running.port(), 12), HttpResponse.BodyHandlers.ofString());
        running.kill();
        inFlight.exceptionally(e -> null).get(30, TimeUnit.SECONDS);

        // the client got no answer for batch 12 and sends it again
        running = HubProcess.start(crashedDir, "run-2");
        for (int b = 12; b < 21; b++) {
            CrashScript.send(running.http(), b);
        }
        // batch 20 was answered, but the client lost the answer and sends it again after the crash
        running.kill();
        running = HubProcess.start(crashedDir, "run-3");
        JsonNode resent = CrashScript.send(running.http(), 20);
        assertThat(resent.get("duplicates").asInt()).isEqualTo(CrashScript.VEHICLES * CrashScript.FIXES_PER_BATCH_PER_VEHICLE);
        for (int b = 21; b < BATCHES; b++) {
            CrashScript.send(running.http(), b);
        }
        CrashScript.Outcome actual = CrashScript.Outcome.of(running.http());
        running.stop();

        assertThat(expected.violations()).as("the script raises violations").hasSizeGreaterThan(20);
        assertThat(expected.events()).as("the script enters and leaves zones").hasSizeGreaterThan(20);
        assertThat(actual.violations()).isEqualTo(expected.violations());
        assertThat(actual.events()).isEqualTo(expected.events());
        assertThat(actual.vehicles()).isEqualTo(expected.vehicles());
        assertThat(counts(crashedDir)).isEqualTo(counts(uninterruptedDir))
                .containsEntry("fix_log", (long) CrashScript.FIXES)
                .containsEntry("tracked_vehicles", (long) CrashScript.VEHICLES);
    }

    /** Read from the stopped hub's H2 file. */
    private static Map<String, Long> counts(Path dataDir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("deepseaguard")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
            return CrashScript.counts(c);
        }
    }
}
