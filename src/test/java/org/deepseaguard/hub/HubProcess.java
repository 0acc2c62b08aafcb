package org.deepseaguard.hub;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub in a JVM of its own (the test's classpath, the default profile), so a test can kill it
 * with SIGKILL ({@link #kill}) as a crash would, not close a Spring context.
 */
public final class HubProcess {

    private final Process process;
    private final int port;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a hub on {@code dataDir} (no API keys) and waits until its API answers. */
    public static HubProcess start(Path dataDir, String name, String... extraArgs) {
        return startWithKey(dataDir, name, null, extraArgs);
    }

    /** Starts a hub and waits until its API answers {@code GET /api/v1/status} with 200 ({@code apiKey} sent when not null). */
    public static HubProcess startWithKey(Path dataDir, String name, String apiKey, String... extraArgs) {
        int port = freePort();
        Path log = dataDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                DeepSeaGuardApplication.class.getName(),
                "--server.port=" + port,
                "--deepseaguard.data-dir=" + dataDir,
                "--deepseaguard.routes-dir=" + dataDir.resolve("routes"),
                "--deepseaguard.demo.enabled=false",
                "--deepseaguard.simulator.enabled=false",
                "--logging.file.name=" + dataDir.resolve(name + "-hub.log")));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HubProcess hub = new HubProcess(process, port, log);
            Http http = apiKey == null ? hub.http() : hub.http(apiKey);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the hub process exited with " + process.exitValue() + "; see " + log);
                        }
                        return http.get("/api/v1/status").status() == 200;
                    });
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http http() {
        return new Http(port);
    }

    /** A client that sends {@code X-API-Key}. */
    public Http http(String apiKey) {
        return new Http(port, java.util.Map.of("X-API-Key", apiKey));
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the hub did not die; see " + log);
        }
    }

    /** SIGTERM: the graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not stop within 60 s; see " + log);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
