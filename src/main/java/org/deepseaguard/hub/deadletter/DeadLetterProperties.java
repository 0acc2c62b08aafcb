package org.deepseaguard.hub.deadletter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the dead-letter channel ({@code deepseaguard.dead-letter.*}).
 *
 * <p>A failing step is redelivered {@code maximumRedeliveries} times, waiting {@code redeliveryDelay},
 * then {@code backoffMultiplier} times longer after every attempt, never more than
 * {@code maximumRedeliveryDelay}. Invalid input is never redelivered. Exhausted messages are stored in
 * table {@code dead_letters} and published to {@code endpoint}: {@code seda:deepseaguard.dlq} in the
 * default profile (drained by route {@code dead-letter-log}), the RabbitMQ queue {@code deepseaguard.dlq}
 * in profile {@code stack}.
 *
 * @param endpoint               where parked messages are published, a Camel endpoint URI
 * @param maximumRedeliveries    redelivery attempts after the first failure
 * @param redeliveryDelay        delay before the first redelivery
 * @param backoffMultiplier      factor applied to the delay after each redelivery
 * @param maximumRedeliveryDelay upper bound of the delay
 * @param replayBatchSize        rows read per page by "replay all"
 */
@ConfigurationProperties("deepseaguard.dead-letter")
public record DeadLetterProperties(
        @DefaultValue("seda:deepseaguard.dlq") String endpoint,
        @DefaultValue("3") int maximumRedeliveries,
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("60s") Duration maximumRedeliveryDelay,
        @DefaultValue("100") int replayBatchSize) {
}
