package org.deepseaguard.hub.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook call (docs/alerts.md, "Verifying a webhook"):
 * {@code X-DeepSeaGuard-Signature: sha256=<hex>}, the lower-case hex HMAC-SHA256, keyed by the UTF-8
 * bytes of the subscription's secret, of the UTF-8 bytes of {@code <timestamp>.<body>}, where
 * {@code <timestamp>} is the value of {@code X-DeepSeaGuard-Timestamp} (epoch seconds) and
 * {@code <body>} the request body exactly as sent. Stateless and thread-safe.
 */
public final class WebhookSignature {

    public static final String DELIVERY_HEADER = "X-DeepSeaGuard-Delivery";
    public static final String TIMESTAMP_HEADER = "X-DeepSeaGuard-Timestamp";
    public static final String SIGNATURE_HEADER = "X-DeepSeaGuard-Signature";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
