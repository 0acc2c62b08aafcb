package org.deepseaguard.core.rules;

import java.time.Instant;

/**
 * Exact, allocation-free arithmetic on event times (UTC instants, nanosecond precision).
 * Stateless and thread-safe.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * True when {@code to - from} is strictly longer than {@code seconds}; exact to the nanosecond
     * ({@code from + seconds == to} is not longer).
     */
    public static boolean exceeds(Instant from, Instant to, long seconds) {
        long wholeSeconds = to.getEpochSecond() - from.getEpochSecond();
        if (wholeSeconds > seconds) {
            return true;
        }
        return wholeSeconds == seconds && to.getNano() > from.getNano();
    }

    /** {@code to - from} in seconds (negative when {@code to} is earlier), to the nanosecond as a double. */
    public static double seconds(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) * 1e-9;
    }
}
