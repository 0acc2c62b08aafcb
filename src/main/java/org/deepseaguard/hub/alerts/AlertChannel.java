package org.deepseaguard.hub.alerts;

import org.apache.camel.Exchange;

/**
 * One way alerts reach people or systems: a subscription's {@code channel} (docs/alerts.md,
 * "Channels"). A channel checks the targets subscriptions give it and formats an alert for one
 * delivery; the delivery worker sends the formatted message to the endpoint the channel names,
 * records the attempt and retries (the outbox), so a channel knows nothing of retries.
 *
 * <p>Adding a channel is one class: a Spring bean implementing this ({@link AlertChannels} finds it).
 * Implementations are stateless and thread-safe.
 */
public interface AlertChannel {

    /** The wire name a subscription gives as {@code channel}, e.g. {@code webhook}: lower case, unique. */
    String name();

    /**
     * Why {@code target} cannot be a target (or escalation target) of this channel, null when it can.
     *
     * @param strict whether the operator's rules apply in full (the webhook allow-list); false only for
     *               the legacy settings, which are checked for form
     */
    String refusal(String target, boolean strict);

    /** Why this hub cannot use the channel now (e.g. no SMTP server), null when it can. */
    default String unavailable() {
        return null;
    }

    /**
     * Whether the channel signs what it sends with the subscription's secret: then a subscription
     * needs one (a secret is refused otherwise).
     */
    default boolean signed() {
        return false;
    }

    /**
     * Puts one delivery of the alert on the exchange's message (body and headers; it comes empty) and
     * names the endpoint it goes to. Throwing fails the attempt with the exception's message.
     *
     * @return the endpoint URI the message is sent to
     */
    String format(Outgoing outgoing, Exchange exchange) throws Exception;

    /**
     * One delivery to format: the typed alert and its JSON as stored in the outbox (a signed channel
     * sends exactly these bytes), where to, and the subscription's secret in clear (null when it has none).
     */
    record Outgoing(String deliveryId, String subscriptionId, String target, Alert alert, String json, String secret) {
    }
}
