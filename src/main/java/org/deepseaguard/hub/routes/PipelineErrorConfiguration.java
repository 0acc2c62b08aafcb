package org.deepseaguard.hub.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.deepseaguard.core.model.InvalidInputException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Error handling, defined once and referenced by id from Java and YAML routes.
 * <ul>
 * <li>{@code pipeline-errors}: synchronous pipeline routes. Invalid input is never retried;
 * transient database errors are retried with exponential back-off; then the exception goes back
 * to the caller (HTTP answers 400/500, a broker consumer does not ack, so nothing is lost).</li>
 * <li>{@code async-errors}: routes nobody waits for (webhooks, output consumers, timers):
 * redelivery with exponential back-off, then the original message and the reason are parked by
 * {@code dead-letter-park}.</li>
 * </ul>
 */
@Component
public class PipelineErrorConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("pipeline-errors")
                .onException(InvalidInputException.class).maximumRedeliveries(0).handled(false).end()
                .onException(TransientDataAccessException.class)
                .maximumRedeliveries(3).redeliveryDelay(50).useExponentialBackOff().backOffMultiplier(2).handled(false);

        routeConfiguration("async-errors")
                .errorHandler(deadLetterChannel("direct:dead-letter")
                        .useOriginalMessage()
                        .maximumRedeliveries(4).redeliveryDelay(500).useExponentialBackOff().backOffMultiplier(2)
                        .maximumRedeliveryDelay(30_000)
                        .retryAttemptedLogLevel(LoggingLevel.WARN));
    }
}
