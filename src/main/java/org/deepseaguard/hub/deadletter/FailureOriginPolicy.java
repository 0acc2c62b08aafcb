package org.deepseaguard.hub.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Records the route an exception left first ({@link FailureOrigin.Origin}), for routes without an
 * error handler of their own (the synchronous pipeline): the caller's dead-letter channel then
 * names the route that failed, not only the consumer that parked the message. Stateless and
 * thread-safe.
 */
public class FailureOriginPolicy extends RoutePolicySupport {

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null) {
            return;
        }
        FailureOrigin.Origin known = exchange.getProperty(FailureOrigin.PROPERTY, FailureOrigin.Origin.class);
        if (known == null || known.exception() != failure) {
            exchange.setProperty(FailureOrigin.PROPERTY, new FailureOrigin.Origin(route.getRouteId(), failure));
        }
    }
}
