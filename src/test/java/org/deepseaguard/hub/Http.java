package org.deepseaguard.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small real-HTTP client for the tests (java.net.http). */
public final class Http {

    /** A response: status, content type, the body as JSON (null when empty) and text, the headers. */
    public record Response(int status, String contentType, JsonNode json, String text, HttpHeaders headers) {

        /** The first value of a response header, null when absent. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers;

    public Http(int port) {
        this(port, Map.of());
    }

    public Http(int port, Map<String, String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = headers;
    }

    public Http withHeaders(Map<String, String> extra) {
        return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), extra);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, String body) {
        return post(path, body, "application/json");
    }

    public Response post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = r.body();
            String contentType = r.headers().firstValue("Content-Type").orElse(null);
            boolean isJson = contentType == null || contentType.contains("json");
            JsonNode json = text == null || text.isBlank() || !isJson ? null : readOrNull(text);
            return new Response(r.statusCode(), contentType, json, text, r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text as JSON; null when it is not JSON (an answer without a Content-Type may be plain text). */
    private static JsonNode readOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return b;
    }
}
