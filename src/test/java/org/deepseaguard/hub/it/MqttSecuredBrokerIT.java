package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.hub.HubProcess;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub connects to a broker that demands a user name and password over TLS with the component's
 * settings ({@code camel.component.paho-mqtt5.user-name}, {@code password}, {@code ssl-client-props}).
 * The test starts a Mosquitto of its own on a free loopback port (TLS listener with a certificate of
 * a throw-away CA made with openssl, no anonymous access), proves that the broker refuses a wrong
 * password, then starts a hub JVM with the right settings and checks that a fix published over that
 * listener is applied.
 *
 * <p>Needs {@code mosquitto}, {@code mosquitto_passwd}, {@code openssl} and {@code keytool} on the
 * machine; fails (naming the command) when one is missing.
 */
class MqttSecuredBrokerIT {

    private static final String USER = "hub";
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final String TRUST_PASSWORD = "changeit";

    /** Kept when the test fails: the broker's, the tools' and the hub's logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private Process broker;
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.kill();
        }
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHubLogsInOverTlsWithTheComponentsCredentials() throws Exception {
        int port = freePort();
        startBroker(port);
        String url = "ssl://127.0.0.1:" + port;

        assertThatThrownBy(() -> connect(url, "wrong-password").disconnect())
                .as("the broker takes no wrong password").isInstanceOf(MqttException.class);

        Path trustStore = dir.resolve("trust.p12");
        hub = HubProcess.start(dir, "hub",
                "--deepseaguard.ingest.mqtt.enabled=true",
                "--camel.component.paho-mqtt5.broker-url=" + url,
                "--camel.component.paho-mqtt5.user-name=" + USER,
                "--camel.component.paho-mqtt5.password=" + PASSWORD,
                "--camel.component.paho-mqtt5.ssl-client-props[com.ibm.ssl.trustStore]=" + trustStore,
                "--camel.component.paho-mqtt5.ssl-client-props[com.ibm.ssl.trustStorePassword]=" + TRUST_PASSWORD,
                "--camel.component.paho-mqtt5.ssl-client-props[com.ibm.ssl.trustStoreType]=PKCS12");

        String auvId = "AUV-MQTT-TLS";
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        String fix = """
                {"auv_id":"%s","timestamp":"%s","latitude":10.5,"longitude":-117.3,"depth":4000}"""
                .formatted(auvId, time);
        MqttClient publisher = connect(url, PASSWORD);
        try {
            MqttMessage message = new MqttMessage(fix.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            // retained: the hub's subscription may come after this publish (its API answers before
            // the MQTT route has subscribed); the broker hands it the message when it does
            message.setRetained(true);
            publisher.publish("deepseaguard/auv/" + auvId + "/telemetry", message);
        } finally {
            publisher.disconnect();
            publisher.close();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var response = hub.http().get("/api/v1/auvs/" + auvId);
            assertThat(response.status()).isEqualTo(200);
            JsonNode status = response.json();
            assertThat(Instant.parse(status.get("last_update").asText())).isEqualTo(time);
            assertThat(status.get("position").get("depth").asDouble()).isEqualTo(4000.0);
        });
    }

    /** A client of the test, trusting the throw-away CA, logged in as {@link #USER}. */
    private MqttClient connect(String url, String password) throws MqttException {
        MqttClient client = new MqttClient(url, "it-tls-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(USER);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        Properties ssl = new Properties();
        ssl.setProperty("com.ibm.ssl.trustStore", dir.resolve("trust.p12").toString());
        ssl.setProperty("com.ibm.ssl.trustStorePassword", TRUST_PASSWORD);
        ssl.setProperty("com.ibm.ssl.trustStoreType", "PKCS12");
        options.setSSLProperties(ssl);
        client.connect(options);
        return client;
    }

    /** A CA, a server certificate for 127.0.0.1, a password file, and Mosquitto listening with TLS only. */
    private void startBroker(int port) throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=deepseaguard-it-ca",
                "-keyout", "ca.key", "-out", "ca.crt");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "1", "-extfile", "san.ext", "-out", "server.crt");
        run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);
        run("mosquitto_passwd", "-b", "-c", "passwd", USER, PASSWORD);
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "user root",
                "persistence false",
                "allow_anonymous false",
                "password_file " + dir.resolve("passwd"),
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.crt"),
                "certfile " + dir.resolve("server.crt"),
                "keyfile " + dir.resolve("server.key"),
                ""));
        broker = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(broker.isAlive()).as("mosquitto runs; see " + dir.resolve("mosquitto.log")).isTrue();
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                assertThat(socket.isConnected()).isTrue();
            }
        });
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tools.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "; see " + dir.resolve("tools.log")).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
