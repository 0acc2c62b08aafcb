package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.deepseaguard.core.model.InvalidInputException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one error handling of the hub, route configuration {@value #ID}: every route that handles
 * compliance data references it ({@code .routeConfigurationId("dead-letter")} in Java,
 * {@code routeConfigurationId: dead-letter} in YAML).
 *
 * <ul>
 *   <li>A failing step is redelivered with exponential back-off ({@link DeadLetterProperties}); when
 *       every attempt failed, the ORIGINAL message (as the route's consumer received it) goes to
 *       {@code direct:dead-letter-park} with the reason, exception class and failing route id stamped
 *       as headers ({@link DeadLetterStamper}).</li>
 *   <li>Invalid input ({@link InvalidInputException}, unparseable JSON) is never redelivered: it goes
 *       to the dead-letter channel at once.</li>
 *   <li>The database unreachable (no connection, no transaction) is redelivered with the same
 *       back-off for as long as it lasts, never parked: the message is fine, and the consumer it
 *       holds keeps the broker from handing over more.</li>
 *   <li>Parking never fails on content ({@link DeadLetterContent}). If the row cannot be written
 *       (database down), route {@code dead-letter-park} puts the message on the broker's DLQ alone,
 *       marked not stored, and the consumer acknowledges it ({@link DeadLetterRoutes}); only when that
 *       is impossible too (or the DLQ is in-process) is the exception NOT swallowed: the consumer sees
 *       the failure, so a broker message is not acknowledged and comes back later.</li>
 * </ul>
 */
@Component
public class DeadLetterRouteConfiguration extends RouteConfigurationBuilder {

    /** Id to reference from routes. */
    public static final String ID = "dead-letter";
    /** The route that stores and publishes dead letters. */
    public static final String PARK_URI = "direct:dead-letter-park";

    private final DeadLetterProperties properties;
    private final DeadLetterStamper stamper;

    public DeadLetterRouteConfiguration(DeadLetterProperties properties, DeadLetterStamper stamper) {
        this.properties = properties;
        this.stamper = stamper;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition configuration = routeConfiguration(ID);
        configuration.errorHandler(deadLetterChannel());
        configuration.onException(InvalidInputException.class, JsonProcessingException.class)
                .maximumRedeliveries(0)
                .useOriginalMessage()
                .logExhausted(false);
        // the database unreachable is nothing wrong with the message: it waits (redelivered with
        // back-off, holding its consumer, so the broker keeps the rest) until the database is back,
        // instead of being parked where nobody would judge it
        configuration.onException(CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
                        TransientDataAccessResourceException.class)
                .maximumRedeliveries(-1)
                .redeliveryDelay(properties.redeliveryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(properties.backoffMultiplier())
                .maximumRedeliveryDelay(properties.maximumRedeliveryDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .useOriginalMessage();
    }

    private DeadLetterChannelBuilder deadLetterChannel() {
        DeadLetterChannelBuilder channel = deadLetterChannel(PARK_URI);
        channel.deadLetterHandleNewException(false);
        channel.useOriginalMessage()
                .maximumRedeliveries(properties.maximumRedeliveries())
                .redeliveryDelay(properties.redeliveryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(properties.backoffMultiplier())
                .maximumRedeliveryDelay(properties.maximumRedeliveryDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true)
                .logExhaustedMessageHistory(false)
                .onExceptionOccurred(new FailureOrigin())
                .onPrepareFailure(stamper);
        return channel;
    }
}
