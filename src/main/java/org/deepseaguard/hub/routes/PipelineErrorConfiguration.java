package org.deepseaguard.hub.routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.deadletter.FailureOrigin;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Error handling, defined once and referenced by id from Java and YAML routes.
 * <ul>
 * <li>{@code pipeline-errors}: synchronous pipeline routes. Invalid input is never retried (nor
 * logged: the caller reports it);
 * transient database errors are retried with exponential back-off; then the exception goes back
 * to the caller (HTTP answers 400/500, a broker consumer does not ack, so nothing is lost).</li>
 * <li>Routes nobody waits for (broker consumers, webhooks, output consumers, timers) use
 * {@code dead-letter} ({@link org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration}):
 * redelivery with exponential back-off, then the original message and the reason are parked by
 * {@code dead-letter-park}.</li>
 * </ul>
 * Where a pipeline route fails is recorded ({@link FailureOrigin}), so a dead letter names the
 * route that failed, not only the consumer that parked it.
 */
@Component
public class PipelineErrorConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("pipeline-errors")
                .errorHandler(defaultErrorHandler().onExceptionOccurred(new FailureOrigin()))
                .onException(InvalidInputException.class).maximumRedeliveries(0).logExhausted(false).handled(false).end()
                .onException(TransientDataAccessException.class)
                .maximumRedeliveries(3).redeliveryDelay(50).useExponentialBackOff().backOffMultiplier(2).handled(false);
    }
}
