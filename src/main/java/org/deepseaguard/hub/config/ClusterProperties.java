package org.deepseaguard.hub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode, {@code deepseaguard.cluster.*} (docs/operations.md "Scaling out"): one owner per
 * vehicle across several hub instances. With {@code enabled}, every input but the Kafka consumer
 * validates its fixes and produces them to Kafka ({@code deepseaguard.ingest.kafka.topic}, keyed by
 * {@code auv_id}) instead of judging them; only the consumer of a vehicle's partition judges it, from
 * the state the database holds when its partitions were (re)assigned. Needs
 * {@code deepseaguard.ingest.kafka.enabled=true} (checked at startup). Off by default: one instance
 * judges what it receives.
 *
 * @param enabled whether this instance forwards its inputs to Kafka and judges only its partitions
 */
@ConfigurationProperties(prefix = "deepseaguard.cluster", ignoreUnknownFields = false)
public record ClusterProperties(@DefaultValue("false") boolean enabled) {
}
