package org.deepseaguard.bench;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Probes sent and the violations seen for them. A probe is known by its vehicle and its fix
 * timestamp (milliseconds), which is the {@code started_at} of the episode it opens. Its latency is
 * the time from just before its fix was sent (System.nanoTime) to the moment the watcher saw its
 * violation. Only probes sent while {@link #measuring(boolean)} is on are counted in the results.
 * Thread-safe.
 */
final class ProbeTracker {

    static final class Probe {
        final String auvId;
        final long timestampMs;
        final long sendNanos;
        final long sendWallMs;
        final boolean measured;

        Probe(String auvId, long timestampMs, long sendNanos, long sendWallMs, boolean measured) {
            this.auvId = auvId;
            this.timestampMs = timestampMs;
            this.sendNanos = sendNanos;
            this.sendWallMs = sendWallMs;
            this.measured = measured;
        }
    }

    private final Map<String, Probe> pending = new ConcurrentHashMap<>();
    /** Keys of probes matched or given up: their violations are no surprise. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Set<String> unexpected = ConcurrentHashMap.newKeySet();
    private final AtomicLong sentMeasured = new AtomicLong();
    private final AtomicLong sentTotal = new AtomicLong();
    private final AtomicLong expiredMeasured = new AtomicLong();
    private final AtomicLong matchedTotal = new AtomicLong();
    private long[] latencies = new long[1024];
    private int latencyCount;
    private volatile boolean measuring;

    private static String key(String auvId, long timestampMs) {
        return auvId + '@' + timestampMs;
    }

    void measuring(boolean on) {
        measuring = on;
    }

    /** Called just before the probe's fix leaves. */
    void sent(LoadFleet.Fix fix) {
        boolean measured = measuring;
        pending.put(key(fix.auvId(), fix.timestampMs()),
                new Probe(fix.auvId(), fix.timestampMs(), System.nanoTime(), System.currentTimeMillis(), measured));
        sentTotal.incrementAndGet();
        if (measured) {
            sentMeasured.incrementAndGet();
        }
    }

    /** A critical violation of R-LOAD-CRIT seen at {@code seenNanos}; true if it was a pending probe's. */
    boolean seen(String auvId, long startedAtMs, long seenNanos) {
        String key = key(auvId, startedAtMs);
        Probe probe = pending.remove(key);
        if (probe == null) {
            if (!done.contains(key)) {
                unexpected.add(key);
            }
            return false;
        }
        done.add(key);
        matchedTotal.incrementAndGet();
        if (probe.measured) {
            synchronized (this) {
                if (latencyCount == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencyCount * 2);
                }
                latencies[latencyCount++] = seenNanos - probe.sendNanos;
            }
        }
        return true;
    }

    /**
     * The fix timestamp of the oldest probe still waiting, after giving up (as lost) the probes that
     * waited longer than {@code timeoutNanos}; empty when none waits.
     */
    OptionalLong oldestPendingMs(long timeoutNanos) {
        long now = System.nanoTime();
        long oldest = Long.MAX_VALUE;
        for (Iterator<Probe> it = pending.values().iterator(); it.hasNext(); ) {
            Probe p = it.next();
            if (now - p.sendNanos > timeoutNanos) {
                it.remove();
                done.add(key(p.auvId, p.timestampMs));
                if (p.measured) {
                    expiredMeasured.incrementAndGet();
                }
            } else {
                oldest = Math.min(oldest, p.timestampMs);
            }
        }
        return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    long pendingMeasured() {
        return pending.values().stream().filter(p -> p.measured).count();
    }

    long sentMeasured() {
        return sentMeasured.get();
    }

    long sentTotal() {
        return sentTotal.get();
    }

    long matchedTotal() {
        return matchedTotal.get();
    }

    long expiredMeasured() {
        return expiredMeasured.get();
    }

    /** Distinct R-LOAD-CRIT violations seen that belong to no probe of this run. */
    long unexpected() {
        return unexpected.size();
    }

    /** Latencies of the measured probes matched so far, in nanoseconds, sorted. */
    synchronized long[] latenciesSorted() {
        long[] copy = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(copy);
        return copy;
    }
}
