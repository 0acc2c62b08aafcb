package org.deepseaguard.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for the tests (com.sun.net.httpserver on 127.0.0.1): records every call with
 * its headers and body and whether its signature holds (checked here, independently of the hub's
 * code, as docs/alerts.md tells a receiver to), and answers each path as told: 2xx, or a number of
 * 500s before a 200 (counted per delivery id).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One call as it arrived. */
    public record Call(String path, String deliveryId, String timestamp, String signature, boolean signatureValid,
                String body, String eventType, String auvId, int answered) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        this(0);
    }

    /** On a given port (0: any free one). */
    public WebhookReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            String deliveryId = h.getFirst("X-DeepSeaGuard-Delivery");
            String timestamp = h.getFirst("X-DeepSeaGuard-Timestamp");
            String signature = h.getFirst("X-DeepSeaGuard-Signature");
            String secret = secrets.get(path);
            boolean valid = secret != null && signature != null && timestamp != null
                    && MessageDigest.isEqual(expected(secret, timestamp, body).getBytes(UTF_8), signature.getBytes(UTF_8));
            int failures = failFirst.getOrDefault(path, 0);
            int n = seen.computeIfAbsent(path + "|" + deliveryId, k -> new AtomicInteger()).incrementAndGet();
            int status = n <= failures ? 500 : 200;
            calls.add(new Call(path, deliveryId, timestamp, signature, valid, new String(body, UTF_8),
                    h.getFirst("event_type"), h.getFirst("auv_id"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The receiver's own check, as in docs/alerts.md: hex HMAC-SHA256(secret, timestamp + "." + body). */
    static String expected(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(UTF_8));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls to {@code path} are checked against {@code secret}. */
    public WebhookReceiver secret(String path, String secret) {
        secrets.put(path, secret);
        return this;
    }

    /** Each delivery id posted to {@code path} is answered 500 this many times, then 200. */
    public WebhookReceiver failFirst(String path, int times) {
        failFirst.put(path, times);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Call> to(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
