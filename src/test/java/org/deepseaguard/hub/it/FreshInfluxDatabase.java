package org.deepseaguard.hub.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives every integration-test application context its own InfluxDB database
 * ({@code deepseaguard.influxdb.database=dsg_it_<random>}) on the machine's InfluxDB 1.x
 * (127.0.0.1:8086, the address of profile {@code stack}), dropped at JVM exit: the InfluxDB analogue of {@link FreshPostgresDatabase}.
 * Fails loudly when InfluxDB does not answer {@code /ping}.
 */
public class FreshInfluxDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String URL = "http://127.0.0.1:8086";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ping();
        String database = "dsg_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> query("DROP DATABASE \"" + database + "\"", null)));
        TestPropertyValues.of("deepseaguard.influxdb.database=" + database).applyTo(context);
    }

    static void ping() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/ping")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("InfluxDB /ping answered " + r.statusCode());
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("InfluxDB 1.x on " + URL + " is needed by the integration tests "
                    + "(install: apt-get install -y influxdb; start: influxd -config /etc/influxdb/influxdb.conf)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs an InfluxQL statement over the HTTP API ({@code POST /query}, times as epoch
     * microseconds) and returns the JSON answer as text.
     */
    static String query(String statement, String database) {
        String form = "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)
                + (database == null ? "" : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/query?epoch=u"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("InfluxDB answered " + r.statusCode() + " to " + statement + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB did not answer " + statement, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
