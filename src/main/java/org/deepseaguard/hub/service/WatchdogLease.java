package org.deepseaguard.hub.service;

import java.time.Duration;

/**
 * Decides which hub instance runs one round of the telemetry-gap watchdog, so that with several
 * instances each vehicle is checked by one of them per round. A round is a slice of the wall clock
 * ({@code epoch millis / watchdog interval}); the first instance to claim it runs it, the others skip
 * it. Implementations: {@link LocalWatchdogLease} (default profile, one instance: always granted)
 * and {@code RedisWatchdogLease} (profile {@code stack}: {@code SET <prefix>watchdog:lease:<round>
 * <instance> NX PX <2 intervals>}). Implementations are thread-safe.
 */
public interface WatchdogLease {

    /**
     * Claims {@code round} for this instance.
     *
     * @param round the round number ({@code epoch millis / interval})
     * @param ttl   how long the claim is kept (long enough that a late tick of another instance in the
     *              same round still finds it)
     * @return true when this instance runs the round; false when another one does, or when the
     *         claim could not be made (the store is unreachable: the round is skipped, not run twice)
     */
    boolean tryAcquire(long round, Duration ttl);
}
