package org.deepseaguard.hub.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs when a message is handed to the dead-letter channel (after every redelivery failed, or at once
 * for invalid input): stamps the reason, exception class, failing route id (the route that threw,
 * see {@link FailureOrigin}), source and time as
 * headers on the original message, so the DLQ and table {@code dead_letters} say why. Thread-safe.
 */
@Component
public class DeadLetterStamper implements Processor {

    private final Clock clock;

    public DeadLetterStamper(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        var message = exchange.getMessage();
        message.setHeader(DeadLetterHeaders.REASON, reason(cause));
        message.setHeader(DeadLetterHeaders.EXCEPTION_CLASS, cause == null ? null : cause.getClass().getName());
        String failureRoute = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
        message.setHeader(DeadLetterHeaders.ROUTE_ID, FailureOrigin.routeOf(exchange, cause, failureRoute));
        message.setHeader(DeadLetterHeaders.SOURCE, source(exchange));
        message.setHeader(DeadLetterHeaders.FAILED_AT, clock.instant().toString());
    }

    /**
     * Stamps a message as an item of a batch that validation refused (route {@code ingest-normalize}):
     * the inputs that take batches (AMQP windows, Kafka polls) park each refused item on its own,
     * without an exception going through the dead-letter channel.
     */
    public static void refused(Message message, List<FieldError> errors, String source, Instant at) {
        message.setHeader(DeadLetterHeaders.REASON, reason(new InvalidInputException(errors)));
        message.setHeader(DeadLetterHeaders.EXCEPTION_CLASS, InvalidInputException.class.getName());
        message.setHeader(DeadLetterHeaders.ROUTE_ID, "ingest-normalize");
        message.setHeader(DeadLetterHeaders.SOURCE, source);
        message.setHeader(DeadLetterHeaders.FAILED_AT, at.toString());
    }

    /** A one-line reason: every field error of an invalid input, else the message of the root cause. */
    public static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
                return "invalid input: " + invalid.errors().stream()
                        .map(DeadLetterStamper::describe)
                        .collect(Collectors.joining("; "));
            }
        }
        String text = cause.getMessage();
        return text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
    }

    private static String describe(FieldError error) {
        return error.field() + ": " + error.message();
    }

    private static String source(Exchange exchange) {
        String source = exchange.getMessage().getHeader(DeadLetterHeaders.INGEST_SOURCE, String.class);
        if (source == null) {
            source = exchange.getProperty(DeadLetterHeaders.INGEST_SOURCE, String.class);
        }
        return source != null ? source : exchange.getFromRouteId();
    }
}
