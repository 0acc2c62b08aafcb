package org.deepseaguard.hub.deadletter;

import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Route {@code dead-letter-park}: the end of the dead-letter channel. It stores the original message
 * in table {@code dead_letters} (never failing on content, {@link DeadLetterContent}) and publishes it,
 * reason stamped in its headers, to the DLQ endpoint ({@code deepseaguard.dead-letter.endpoint}).
 * <ul>
 *   <li>Row written, publish failed: logged; the row is the record and the consumer acknowledges.</li>
 *   <li>Row not written (database down) and the DLQ is a broker queue: the message is published
 *       there with {@code deepseaguard_dlq_stored=false} and the store error, and the consumer
 *       acknowledges: the DLQ message is the record (no redelivery loop, no stalled partition).</li>
 *   <li>Neither possible (or the DLQ is in-process, default profile): the failure goes back to the
 *       consumer, which then does not acknowledge the message (nothing is logged and forgotten).</li>
 * </ul>
 *
 * <p>Route {@code dead-letter-log} drains the local {@code seda:} DLQ of the default profile; the rows
 * stay in the table for the API. Route {@code dead-letter-count} counts the rows not replayed for gauge
 * {@code deepseaguard.dead_letters.pending} (at start, then every {@code deepseaguard.dead-letter.count-interval}).
 */
@Component
public class DeadLetterRoutes extends EndpointRouteBuilder {

    private final DeadLetterProperties properties;

    public DeadLetterRoutes(DeadLetterProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        from(direct("dead-letter-park")).routeId("dead-letter-park")
                .doTry()
                    .bean(DeadLetterService.class, "park").id("dead-letter-store")
                .doCatch(Exception.class)
                    // the database is down: on a broker DLQ the message alone is the record (else rethrown)
                    .bean(DeadLetterService.class, "storeFailed").id("dead-letter-store-failed")
                .end()
                .choice()
                    .when(header(DeadLetterHeaders.ID).isNotNull())
                        .doTry()
                            .to(ExchangePattern.InOnly, properties.endpoint()).id("dead-letter-publish")
                        .doCatch(Exception.class)
                            // the row is the record: the consumer may acknowledge
                            .bean(DeadLetterService.class, "publishFailed").id("dead-letter-publish-failed")
                        .end()
                    .endChoice()
                    .when(header(DeadLetterHeaders.STORED).isEqualTo(false))
                        // no row: if this publish fails too, the consumer sees the failure and does not acknowledge
                        .to(ExchangePattern.InOnly, properties.endpoint()).id("dead-letter-publish-unstored")
                    .endChoice()
                .end();

        if (properties.endpoint().startsWith("seda:")) {
            from(properties.endpoint()).routeId("dead-letter-log")
                    .log(LoggingLevel.WARN, "DeadLetters",
                            "Dead letter ${header.deepseaguard_dlq_id} on the local DLQ: ${header.deepseaguard_dlq_reason}");
        }

        from(timer("dead-letter-count").delay(0).period(properties.countInterval().toMillis())).routeId("dead-letter-count")
                .bean(DeadLetterService.class, "countPending").id("dead-letter-count-pending");
    }
}
