package org.deepseaguard.hub.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Back-pressure on the HTTP API ({@code deepseaguard.back-pressure.*}, docs/reliability.md).
 *
 * @param rateLimit per API key (anonymous callers share one budget): at most {@code requests} per
 *                  {@code period}, beyond that 429 with {@code Retry-After}; {@code requests} 0 = off
 * @param ingest    telemetry requests judged at once: at most {@code maxConcurrent}; one more waits up
 *                  to {@code maxWait} for a slot, then gets 503 with {@code Retry-After}
 */
@ConfigurationProperties("deepseaguard.back-pressure")
public record BackPressureProperties(@DefaultValue RateLimit rateLimit, @DefaultValue Ingest ingest) {

    public record RateLimit(@DefaultValue("0") int requests, @DefaultValue("PT1S") Duration period) {
    }

    public record Ingest(@DefaultValue("4") int maxConcurrent, @DefaultValue("PT5S") Duration maxWait) {
    }
}
