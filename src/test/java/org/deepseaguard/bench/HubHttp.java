package org.deepseaguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The hub's HTTP API as the load generator uses it (java.net.http, HTTP/1.1, one shared client). */
final class HubHttp {

    record Response(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final String base;
    private final String apiKey;
    private final ObjectMapper json;

    HubHttp(String url, String apiKey, ObjectMapper json) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = url + "/api/v1";
        this.apiKey = apiKey;
        this.json = json;
    }

    Response post(String path, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Response get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET().build());
    }

    /** GET that must answer 200, read as JSON. */
    JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        Response r = get(pathAndQuery);
        if (r.status() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + r.status() + ": " + abbreviate(r.text()));
        }
        return json.readTree(r.body());
    }

    /** POST that must answer {@code expected}, read as JSON. */
    JsonNode postJson(String path, byte[] body, int expected) throws IOException, InterruptedException {
        Response r = post(path, body);
        if (r.status() != expected) {
            throw new IOException("POST " + path + " answered " + r.status() + ": " + abbreviate(r.text()));
        }
        return json.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return b;
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body());
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
