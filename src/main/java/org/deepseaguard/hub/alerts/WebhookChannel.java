package org.deepseaguard.hub.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.deepseaguard.hub.service.WebhookAllowList;
import org.springframework.stereotype.Component;

/**
 * Channel {@code webhook} (docs/alerts.md, "Webhooks"): a signed JSON POST to an http(s) URL the
 * operator's allow-list admits, through Camel's {@code http} component (timeouts, no redirects:
 * {@link WebhookHttpConfig}). Thread-safe.
 */
@Component
public class WebhookChannel implements AlertChannel {

    public static final String NAME = "webhook";

    /** The endpoint every call goes through; the target comes in header {@code CamelHttpUri}. */
    static final String ENDPOINT = "http://deepseaguard-webhook?throwExceptionOnFailure=true";

    private final WebhookAllowList allowList;
    private final Clock clock;

    public WebhookChannel(WebhookAllowList allowList, Clock clock) {
        this.allowList = allowList;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String refusal(String target, boolean strict) {
        return strict ? allowList.refusal(target) : WebhookAllowList.malformed(target);
    }

    @Override
    public boolean signed() {
        return true;
    }

    /**
     * Body the alert JSON as stored (UTF-8 bytes), POST to the target with
     * {@code Content-Type: application/json}, {@code X-DeepSeaGuard-Delivery}, {@code -Timestamp}
     * (now, epoch seconds), {@code -Signature} (when the subscription has a secret), and the output
     * headers {@code event_type}, {@code severity}, {@code auv_id}. Nothing else goes.
     */
    @Override
    public String format(Outgoing outgoing, Exchange exchange) {
        byte[] body = outgoing.json().getBytes(UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Message message = exchange.getMessage();
        message.setBody(body);
        message.setHeader(Exchange.HTTP_URI, outgoing.target());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader(WebhookSignature.DELIVERY_HEADER, outgoing.deliveryId());
        message.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        if (outgoing.secret() != null) {
            message.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(outgoing.secret(), timestamp, body));
        }
        AlertHeaders.put(outgoing.alert(), message);
        return ENDPOINT;
    }
}
