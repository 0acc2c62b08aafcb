package org.deepseaguard.hub.timeseries;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * InfluxDB 1.x ({@code deepseaguard.influxdb.*}, docs/messaging.md "InfluxDB"): every applied fix
 * and every violation transition, written in batches off the hot path. Off unless enabled (on in
 * profile {@code stack}); when on, tracks are read from it too.
 *
 * @param url                  the HTTP API, e.g. {@code http://127.0.0.1:8086}
 * @param database             created at start when missing
 * @param retentionPolicy      the default policy the points are written to, created (or altered) at start
 * @param retention            how long raw points are kept (whole hours)
 * @param downsampledPolicy    where the hourly continuous query writes {@code auv_position_1h}
 * @param downsampledRetention how long the hourly points are kept (whole hours)
 * @param timeout              connect, read and write timeout of one HTTP call
 * @param queueSize            judged batches waiting in memory; beyond that they are parked in the dead letters
 * @param batchPoints          a write is sent when this many points are waiting ...
 * @param flushInterval        ... or this often, whichever comes first
 * @param retry                a failed write is tried again with exponential back-off, then parked
 */
@ConfigurationProperties("deepseaguard.influxdb")
public record InfluxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://127.0.0.1:8086") String url,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("deepseaguard") String database,
        @DefaultValue("raw") String retentionPolicy,
        @DefaultValue("P90D") Duration retention,
        @DefaultValue("downsampled") String downsampledPolicy,
        @DefaultValue("P730D") Duration downsampledRetention,
        @DefaultValue("PT5S") Duration timeout,
        @DefaultValue("1000") int queueSize,
        @DefaultValue("5000") int batchPoints,
        @DefaultValue("PT1S") Duration flushInterval,
        @DefaultValue Retry retry) {

    /**
     * @param maximumRedeliveries attempts after the first; with the defaults a write is given up
     *                            (parked) about 25 s after its first failure
     */
    public record Retry(@DefaultValue("6") int maximumRedeliveries, @DefaultValue("PT0.5S") Duration delay,
                        @DefaultValue("2.0") double multiplier, @DefaultValue("PT10S") Duration maximumDelay) {
    }
}
