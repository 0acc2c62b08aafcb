package org.deepseaguard.hub.alerts;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.deepseaguard.hub.service.AlertOutbox;
import org.deepseaguard.hub.service.Subscription;
import org.deepseaguard.hub.store.DeliveryRepository.Claimed;
import org.springframework.stereotype.Component;

/**
 * What the delivery routes call (docs/messaging.md, "Alert outbox"): claim due deliveries, put one
 * on the message as its channel formats it, and record how the attempt went. The
 * claimed delivery travels in exchange property {@link #DELIVERY}. Thread-safe.
 */
@Component
public class AlertDeliveries {

    /** The exchange property holding the {@link Claimed} delivery being attempted. */
    public static final String DELIVERY = "deepseaguardDelivery";
    /** The exchange property naming the endpoint the formatted delivery is sent to. */
    public static final String SEND_URI = "deepseaguardSendUri";

    private final AlertOutbox outbox;
    private final AlertChannels channels;
    private final AlertFactory alerts;

    public AlertDeliveries(AlertOutbox outbox, AlertChannels channels, AlertFactory alerts) {
        this.outbox = outbox;
        this.channels = channels;
        this.alerts = alerts;
    }

    /** The subscription of the delivery was deleted before it went out. */
    static final class SubscriptionGone extends RuntimeException {
        SubscriptionGone(String subscriptionId) {
            super("subscription " + subscriptionId + " was deleted");
        }
    }

    /** Ids of due deliveries (not claimed yet). */
    public List<String> due() {
        return outbox.due();
    }

    /** The delivery claimed for one attempt, or null when another worker has it. */
    public Claimed claim(String deliveryId) {
        return outbox.claim(deliveryId);
    }

    /**
     * Puts the claimed delivery on the message as its channel formats it ({@link AlertChannel}): the
     * alert is read from its stored JSON once, typed, and handed to the channel with the
     * subscription's secret when the channel signs; the endpoint to send to goes in property
     * {@link #SEND_URI}. Nothing of the message before stays.
     */
    public void prepare(Exchange exchange) throws Exception {
        Claimed d = delivery(exchange);
        Subscription subscription = outbox.subscription(d);
        if (subscription == null) {
            throw new SubscriptionGone(d.subscriptionId());
        }
        AlertChannel channel = channels.get(d.channel());
        Alert alert = alerts.read(d.payload());
        String secret = channel.signed() ? outbox.secret(subscription) : null;
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(null);
        String uri = channel.format(new AlertChannel.Outgoing(d.deliveryId(), d.subscriptionId(), d.target(), alert,
                d.payload(), secret), exchange);
        exchange.setProperty(SEND_URI, uri);
    }

    /** The attempt went through (the HTTP status, for a webhook). */
    public void delivered(Exchange exchange) {
        outbox.delivered(delivery(exchange), exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
    }

    /** The attempt failed: the receiver's HTTP status, or the reason (connection refused, a timeout, SMTP's answer). */
    public void failed(Exchange exchange) {
        Claimed d = delivery(exchange);
        Exception e = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof SubscriptionGone) {
            outbox.abandon(d);
            return;
        }
        if (e instanceof HttpOperationFailedException http) {
            String text = http.getStatusText() == null || http.getStatusText().isBlank() ? "" : " " + http.getStatusText();
            outbox.failed(d, http.getStatusCode(), "HTTP " + http.getStatusCode() + text, e.getClass().getName());
            return;
        }
        String reason = e == null ? "unknown failure" : reason(e);
        outbox.failed(d, null, reason, e == null ? null : e.getClass().getName());
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    private static Claimed delivery(Exchange exchange) {
        return exchange.getProperty(DELIVERY, Claimed.class);
    }
}
