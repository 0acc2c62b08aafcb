package org.deepseaguard.hub.alerts;

import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Channel {@code route} (docs/alerts.md, "Alerts into your own routes"): delivers to a route of the
 * hub's own, e.g. a YAML route in {@code ./routes} that starts {@code from: direct:my-alerts}. The
 * target is {@code direct:<name>}, nothing else: a subscription must not reach files, processes or
 * other components, and an in-memory queue would lose what it holds on a crash. Each matching alert reaches the route once
 * per subscription, durably (the outbox: an exception thrown by the route fails the attempt, which
 * is retried with back-off), and without taking it from anyone else: the built-in outputs and other
 * subscriptions get theirs as before.
 *
 * <p>The route receives the alert JSON as body (String) and headers {@code event_type},
 * {@code severity}, {@code auv_id} (absent for a digest), {@code X-DeepSeaGuard-Delivery} and
 * {@code deepseaguard_subscription_id}; the typed {@link Alert} is exchange property
 * {@value #ALERT_PROPERTY}. Thread-safe.
 */
@Component
public class RouteChannel implements AlertChannel {

    public static final String NAME = "route";
    /** The exchange property holding the typed {@link Alert} for the integrator's route. */
    public static final String ALERT_PROPERTY = "deepseaguardAlert";
    public static final String SUBSCRIPTION_HEADER = "deepseaguard_subscription_id";

    private static final Pattern TARGET = Pattern.compile("direct:[A-Za-z0-9_.\\-]{1,200}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String refusal(String target, boolean strict) {
        return TARGET.matcher(target).matches() ? null
                : "must be direct:<name>, a route of this hub (name: 1-200 of A-Z a-z 0-9 _ . -)";
    }

    @Override
    public String format(Outgoing outgoing, Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(outgoing.json());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(WebhookSignature.DELIVERY_HEADER, outgoing.deliveryId());
        message.setHeader(SUBSCRIPTION_HEADER, outgoing.subscriptionId());
        AlertHeaders.put(outgoing.alert(), message);
        exchange.setProperty(ALERT_PROPERTY, outgoing.alert());
        // the route runs in the attempt: its exception is the attempt's failure
        return outgoing.target();
    }
}
