package org.deepseaguard.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Per-key rate limits (429) and the bounded telemetry ingestion (503), each with Retry-After. */
class BackPressureFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void eachKeyHasItsOwnBudgetAndTheRequestOverItIsRefusedWithRetryAfter() throws Exception {
        BackPressureFilter filter = new BackPressureFilter(new BackPressureProperties(
                new BackPressureProperties.RateLimit(2, Duration.ofMinutes(1)),
                new BackPressureProperties.Ingest(4, Duration.ZERO)),
                new ApiKeys(List.of(ApiKeys.sha256("key-a") + ":ingest", ApiKeys.sha256("key-b") + ":operator:ops"), Map.of()),
                JSON, meters);

        assertThat(send(filter, get("key-a")).getStatus()).isEqualTo(200);
        assertThat(send(filter, get("key-a")).getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = send(filter, get("key-a"));
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("60");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.getContentAsByteArray());
        assertThat(problem.get("type").asText()).isEqualTo("urn:deepseaguard:problem:too-many-requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);

        // another key, and callers without a key, have budgets of their own
        assertThat(send(filter, get("key-b")).getStatus()).isEqualTo(200);
        assertThat(send(filter, get(null)).getStatus()).isEqualTo(200);
        // an unknown key shares the anonymous budget (no budget per arbitrary header value)
        assertThat(send(filter, get("not-configured")).getStatus()).isEqualTo(200);
        assertThat(send(filter, get(null)).getStatus()).isEqualTo(429);
        assertThat(meters.counter("deepseaguard.http.refused", "reason", "rate-limit").count()).isEqualTo(2);
    }

    @Test
    void telemetryBeyondTheConcurrentLimitGets503WithRetryAfterAndOtherRequestsPass() throws Exception {
        BackPressureFilter filter = new BackPressureFilter(new BackPressureProperties(
                new BackPressureProperties.RateLimit(0, Duration.ofSeconds(1)),
                new BackPressureProperties.Ingest(1, Duration.ZERO)), new ApiKeys(List.of(), Map.of()), JSON, meters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MockFilterChain holding = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> {
            MockHttpServletResponse r = new MockHttpServletResponse();
            try {
                filter.doFilter(postTelemetry(), r, holding);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return r;
        });
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse overloaded = send(filter, postTelemetry());
        assertThat(overloaded.getStatus()).isEqualTo(503);
        assertThat(overloaded.getHeader("Retry-After")).isEqualTo("1");
        assertThat(JSON.readTree(overloaded.getContentAsByteArray()).get("type").asText())
                .isEqualTo("urn:deepseaguard:problem:service-unavailable");
        assertThat(send(filter, get(null)).getStatus()).as("reads are not held back").isEqualTo(200);

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(send(filter, postTelemetry()).getStatus()).as("the slot is free again").isEqualTo(200);
        assertThat(meters.counter("deepseaguard.http.refused", "reason", "overload").count()).isEqualTo(1);
    }

    private static MockHttpServletResponse send(BackPressureFilter filter, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static MockHttpServletRequest get(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/auvs");
        if (key != null) {
            request.addHeader(ApiKeyFilter.HEADER, key);
        }
        return request;
    }

    private static MockHttpServletRequest postTelemetry() {
        return new MockHttpServletRequest("POST", "/api/v1/telemetry");
    }
}
