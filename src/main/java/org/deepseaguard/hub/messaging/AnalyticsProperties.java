package org.deepseaguard.hub.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Analytics outputs ({@code deepseaguard.analytics.*}): every applied fix to Kafka, keyed by
 * {@code auv_id}. Off unless enabled (on in profile {@code stack}).
 *
 * @param queueSize judged batches (a request, a message window) waiting for Kafka in memory; beyond
 *                  that their applied fixes are parked in the dead letters
 */
@ConfigurationProperties("deepseaguard.analytics")
public record AnalyticsProperties(@DefaultValue Kafka kafka, @DefaultValue("1000") int queueSize) {

    public record Kafka(@DefaultValue("false") boolean enabled, @DefaultValue("auv_analytics") String topic) {
    }
}
