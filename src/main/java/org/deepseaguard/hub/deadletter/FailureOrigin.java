package org.deepseaguard.hub.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;

/**
 * Remembers in which route an exception was first thrown. Used as {@code onExceptionOccurred} of the
 * error handlers: when an exception travels out of a sub-route (the synchronous pipeline) to the
 * consumer route whose dead-letter channel parks the message, Camel's failure route id names the
 * consumer; this keeps the route where it actually failed, so {@link DeadLetterStamper} can stamp that
 * one. The same exception seen again by an outer route does not overwrite it. Stateless, thread-safe.
 */
public class FailureOrigin implements Processor {

    /** Exchange property holding the {@link Origin}. */
    public static final String PROPERTY = "deepseaguard.failureOrigin";

    /** The route that threw {@code exception}. */
    public record Origin(String routeId, Throwable exception) {
    }

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        Origin known = exchange.getProperty(PROPERTY, Origin.class);
        if (known != null && known.exception() == caught) {
            return;
        }
        String routeId = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        if (routeId != null && caught != null) {
            exchange.setProperty(PROPERTY, new Origin(routeId, caught));
        }
    }

    /** The route the caught exception came from, if it was recorded; else {@code fallback}. */
    static String routeOf(Exchange exchange, Throwable caught, String fallback) {
        Origin known = exchange.getProperty(PROPERTY, Origin.class);
        return known != null && known.exception() == caught ? known.routeId() : fallback;
    }
}
