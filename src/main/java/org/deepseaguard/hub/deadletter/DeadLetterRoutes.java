package org.deepseaguard.hub.deadletter;

import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Route {@code dead-letter-park}: the end of the dead-letter channel. It stores the original message
 * in table {@code dead_letters} and publishes it, reason stamped in its headers, to the DLQ endpoint
 * ({@code deepseaguard.dead-letter.endpoint}). It uses no error handler of its own: if the database
 * or the broker refuses it, the failure goes back to the consumer, which then does not acknowledge the
 * message (nothing is logged and forgotten).
 *
 * <p>Route {@code dead-letter-log} drains the local {@code seda:} DLQ of the default profile; the rows
 * stay in the table for the API.
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
                .bean(DeadLetterService.class, "park").id("dead-letter-store")
                .filter(header(DeadLetterHeaders.ID).isNotNull())
                    .to(ExchangePattern.InOnly, properties.endpoint()).id("dead-letter-publish")
                .end();

        if (properties.endpoint().startsWith("seda:")) {
            from(properties.endpoint()).routeId("dead-letter-log")
                    .log(LoggingLevel.WARN, "DeadLetters",
                            "Dead letter ${header.deepseaguard_dlq_id} on the local DLQ: ${header.deepseaguard_dlq_reason}");
        }
    }
}
