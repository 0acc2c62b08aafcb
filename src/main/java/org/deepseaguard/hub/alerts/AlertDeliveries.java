package org.deepseaguard.hub.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.deepseaguard.hub.routes.Headers;
import org.deepseaguard.hub.service.AlertOutbox;
import org.deepseaguard.hub.service.Subscription;
import org.deepseaguard.hub.store.DeliveryRepository.Claimed;
import org.springframework.stereotype.Component;

/**
 * What the delivery routes call (docs/messaging.md, "Alert outbox"): claim due deliveries, put one
 * on the message as a signed webhook call or an email, and record how the attempt went. The
 * claimed delivery travels in exchange property {@link #DELIVERY}. Thread-safe.
 */
@Component
public class AlertDeliveries {

    /** The exchange property holding the {@link Claimed} delivery being attempted. */
    public static final String DELIVERY = "deepseaguardDelivery";

    private final AlertOutbox outbox;
    private final AlertEmails emails;
    private final ObjectMapper json;
    private final Clock clock;

    public AlertDeliveries(AlertOutbox outbox, AlertEmails emails, ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.emails = emails;
        this.json = json;
        this.clock = clock;
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

    public boolean isWebhook(Exchange exchange) {
        return Subscription.Channel.WEBHOOK.wireName().equals(delivery(exchange).channel());
    }

    /**
     * The webhook call: body the alert JSON (UTF-8 bytes), POST to the target with
     * {@code Content-Type: application/json}, {@code X-DeepSeaGuard-Delivery}, {@code -Timestamp}
     * (now, epoch seconds), {@code -Signature} (when the subscription has a secret), and the output
     * headers {@code event_type}, {@code auv_id}, {@code severity}. Nothing else of the message goes.
     */
    public void prepareWebhook(Exchange exchange) throws JsonProcessingException {
        Claimed d = delivery(exchange);
        Subscription subscription = outbox.subscription(d);
        if (subscription == null) {
            throw new SubscriptionGone(d.subscriptionId());
        }
        byte[] body = d.payload().getBytes(UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(body);
        message.setHeader(Exchange.HTTP_URI, d.target());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader(WebhookSignature.DELIVERY_HEADER, d.deliveryId());
        message.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        String secret = outbox.secret(subscription);
        if (secret != null) {
            message.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        JsonNode alert = json.readTree(d.payload());
        message.setHeader(Headers.EVENT_TYPE, alert.path("event_type").asText());
        message.setHeader(Headers.SEVERITY, alert.path("severity").asText());
        if (alert.hasNonNull("auv_id")) {
            message.setHeader(Headers.AUV_ID, alert.get("auv_id").asText());
        }
    }

    /** The email of the delivery, to the subscription's address. */
    public void prepareEmail(Exchange exchange) throws JsonProcessingException {
        Claimed d = delivery(exchange);
        if (outbox.subscription(d) == null) {
            throw new SubscriptionGone(d.subscriptionId());
        }
        emails.compose(exchange, d.payload(), d.target(), d.deliveryId());
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
