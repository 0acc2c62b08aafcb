package org.deepseaguard.hub.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Service;

/**
 * Which rounds of the telemetry-gap watchdog this instance runs (route {@code watchdog-telemetry-gap}:
 * {@link #acquireRound}, then {@link ComplianceService#checkSilence}). A round is the slice
 * {@code epoch millis / deepseaguard.watchdog.interval} of the wall clock; its lease is kept two
 * intervals, so each round runs on one instance even when the instances' timers are out of phase.
 * Counts the rounds skipped here as {@code deepseaguard.watchdog.rounds{ran=true|false}}.
 *
 * <p>Cluster mode ({@code deepseaguard.cluster.enabled}) needs no lease: each instance's working set
 * is the vehicles of its Kafka partitions ({@link ComplianceService#takeOver}), one owner per vehicle,
 * so every instance runs every round over its own vehicles and each vehicle is checked once.
 * Thread-safe.
 */
@Service
public class TelemetryGapWatchdog {

    private final WatchdogLease lease;
    private final Clock clock;
    private final Duration interval;
    private final Counter ran;
    private final Counter skipped;

    private final boolean cluster;

    public TelemetryGapWatchdog(WatchdogLease lease, Clock clock, DeepSeaGuardProperties properties, MeterRegistry meters,
                                ClusterProperties cluster) {
        this.lease = lease;
        this.cluster = cluster.enabled();
        this.clock = clock;
        this.interval = properties.watchdog().interval();
        String description = "telemetry-gap watchdog rounds this instance ran (true) or left to the lease holder (false)";
        this.ran = Counter.builder("deepseaguard.watchdog.rounds").description(description).tag("ran", "true").register(meters);
        this.skipped = Counter.builder("deepseaguard.watchdog.rounds").description(description).tag("ran", "false")
                .register(meters);
    }

    /** True when this instance runs the current round (it holds the round's lease, or cluster mode). */
    public boolean acquireRound() {
        if (cluster) {
            ran.increment();
            return true;
        }
        long round = clock.millis() / Math.max(1, interval.toMillis());
        boolean mine = lease.tryAcquire(round, interval.multipliedBy(2));
        (mine ? ran : skipped).increment();
        return mine;
    }
}
