package org.deepseaguard.hub.deadletter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param maxPayloadChars        most characters of a payload's readable text (column {@code payload}); a
 *                               longer one is cut, the original kept in {@code payload_base64}
 * @param maxOriginalSize        most bytes of an original payload kept in {@code payload_base64}; a larger
 *                               one is kept only on the broker's DLQ
 * @param replayClaimTimeout     after this long a replay's claim on its row counts as abandoned (its
 *                               instance died mid-replay) and another replay may take the row
 * @param countInterval          how often the rows not replayed are counted in the database (gauge
 *                               {@code deepseaguard.dead_letters.pending}, route {@code dead-letter-count})
 */
@ConfigurationProperties("deepseaguard.dead-letter")
public record DeadLetterProperties(
        @DefaultValue("seda:deepseaguard.dlq") String endpoint,
        @DefaultValue("3") int maximumRedeliveries,
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("60s") Duration maximumRedeliveryDelay,
        @DefaultValue("100") int replayBatchSize,
        @DefaultValue("1048576") int maxPayloadChars,
        @DefaultValue("16MB") DataSize maxOriginalSize,
        @DefaultValue("5m") Duration replayClaimTimeout,
        @DefaultValue("30s") Duration countInterval) {

    /**
     * Whether {@link #endpoint} keeps what is published to it beyond this process (a broker queue),
     * so that a message whose row cannot be written may be parked there alone and acknowledged. An
     * in-process endpoint ({@code seda:}, {@code direct:}, {@code log:}...) does not.
     */
    public boolean durableEndpoint() {
        String scheme = endpoint.contains(":") ? endpoint.substring(0, endpoint.indexOf(':')) : endpoint;
        return !java.util.Set.of("seda", "direct", "log", "stub", "mock", "vm", "disruptor").contains(scheme);
    }
}
