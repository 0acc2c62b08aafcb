package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Back-pressure in front of the API (Resilience4j), so that load above capacity is refused early
 * and clearly instead of piling up in memory:
 * <ul>
 *   <li>a rate limit per configured API key (by the key's SHA-256; callers without one share one budget):
 *       over it, 429 {@code too-many-requests} with {@code Retry-After} (seconds);</li>
 *   <li>a bulkhead around {@code POST /api/v1/telemetry}: at most {@code max-concurrent} requests are
 *       judged at once (each may hold a 16 MB body and its fixes); one more waits up to
 *       {@code max-wait} for a slot, then gets 503 {@code service-unavailable} with
 *       {@code Retry-After: 1}.</li>
 * </ul>
 * Refusals are counted in {@code deepseaguard.http.refused} (tag {@code reason}). Thread-safe.
 */
public class BackPressureFilter extends OncePerRequestFilter {

    private static final String ANONYMOUS = "anonymous";

    private final ApiKeys keys;
    private final RateLimiterRegistry limiters;
    private final long retryAfterSeconds;
    private final Bulkhead ingest;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    /**
     * @param keys the configured API keys: only these get a budget of their own, so the set of
     *             budgets stays bounded
     */
    public BackPressureFilter(BackPressureProperties properties, ApiKeys keys, ObjectMapper json, MeterRegistry meters) {
        this.keys = keys;
        BackPressureProperties.RateLimit rate = properties.rateLimit();
        this.limiters = rate.requests() <= 0 ? null : RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(rate.requests())
                .limitRefreshPeriod(rate.period())
                .timeoutDuration(Duration.ZERO)
                .build());
        this.retryAfterSeconds = Math.max(1, (rate.period().toMillis() + 999) / 1000);
        this.ingest = Bulkhead.of("telemetry-ingest", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.ingest().maxConcurrent())
                .maxWaitDuration(properties.ingest().maxWait())
                .build());
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (limiters != null && !limiterOf(request).acquirePermission()) {
            refuse(request, response, 429, "too-many-requests", "Too many requests", retryAfterSeconds,
                    "more than the rate limit of this API key; try again in " + retryAfterSeconds + " s", "rate-limit");
            return;
        }
        if (!isIngest(request)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            ingest.acquirePermission();
        } catch (BulkheadFullException e) {
            refuse(request, response, 503, "service-unavailable", "Service unavailable", 1,
                    "the hub is judging as many telemetry requests as it can; try again shortly", "overload");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            ingest.onComplete();
        }
    }

    private RateLimiter limiterOf(HttpServletRequest request) {
        String key = request.getHeader(ApiKeyFilter.HEADER);
        String hash = key == null ? null : ApiKeys.sha256(key);
        // by hash (no key kept in clear); any other header value (keys off) shares the anonymous budget
        return limiters.rateLimiter(hash != null && keys.knows(hash) ? hash : ANONYMOUS);
    }

    private static boolean isIngest(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/api/v1/telemetry");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String kind, String title,
                        long retryAfter, String detail, String reason) throws IOException {
        meters.counter("deepseaguard.http.refused", "reason", reason).increment();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        ProblemResponses.write(request, response, json, status, kind, title, detail, List.of());
    }
}
