package org.deepseaguard.hub.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a compliance report covers: the half-open period [from, to) of event time, the telemetry
 * gap threshold, and the instant the report is made ({@code generatedAt}), until which a stay or an
 * episode still open counts (when it comes before {@code to}). Immutable and thread-safe.
 *
 * @param gapThreshold a pause between consecutive applied fixes strictly longer than this is a gap
 */
public record ReportPeriod(Instant from, Instant to, Duration gapThreshold, Instant generatedAt) {

    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(gapThreshold, "gapThreshold");
        Objects.requireNonNull(generatedAt, "generatedAt");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (gapThreshold.isNegative()) {
            throw new IllegalArgumentException("gapThreshold must not be negative");
        }
    }

    /** Where what is still open stops counting: the earlier of {@code to} and {@code generatedAt}. */
    Instant openEnd() {
        return to.isBefore(generatedAt) ? to : generatedAt;
    }
}
