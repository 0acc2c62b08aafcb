package org.deepseaguard.hub.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.component.mail.MailConstants;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.stereotype.Component;

/**
 * Alert email ({@code deepseaguard.alerts.email.*}, docs/messaging.md "Email"): turns an alert or a
 * warning digest, as delivered to an email subscription, into a plain-text email with the JSON
 * attached. {@link #format} is pure formatting; {@link #compose} puts the result on the message for
 * the {@code smtp} producer of route {@code alerts-email}. Thread-safe.
 */
@Component
public class AlertEmails {

    private final ObjectMapper json;
    private final boolean enabled;
    private final String from;
    private final List<String> to;
    private final String subjectPrefix;

    public AlertEmails(ObjectMapper json, DeepSeaGuardProperties properties, MailProperties smtp) {
        this.json = json;
        DeepSeaGuardProperties.Email email = properties.alerts().email();
        this.enabled = email.enabled();
        this.from = email.from();
        this.to = List.copyOf(email.to());
        this.subjectPrefix = email.subjectPrefix();
        if (enabled && to.isEmpty()) {
            throw new IllegalStateException("deepseaguard.alerts.email.enabled is true but deepseaguard.alerts.email.to is empty");
        }
        if (enabled && (smtp.getHost() == null || smtp.getHost().isBlank())) {
            throw new IllegalStateException("deepseaguard.alerts.email.enabled is true but spring.mail.host (the SMTP server) is not set");
        }
    }

    /** Whether the legacy setting {@code deepseaguard.alerts.email.enabled} is on (its addresses become subscriptions). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Puts the email of an alert on the message for the {@code smtp} producer: text body,
     * {@code Subject}, {@code From}, {@code To} (the subscription's address), the JSON as an
     * attachment, and header {@code X-DeepSeaGuard-Delivery} (the delivery id, an email header too).
     */
    public void compose(Exchange exchange, String alertJson, String to, String deliveryId) throws JsonProcessingException {
        AlertEmail email = format(alertJson);
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        message.getHeaders().clear();
        message.setBody(email.text());
        message.setHeader(MailConstants.MAIL_SUBJECT, email.subject());
        message.setHeader(MailConstants.MAIL_FROM, from);
        message.setHeader(MailConstants.MAIL_TO, to);
        message.setHeader(MailConstants.MAIL_CONTENT_TYPE, "text/plain; charset=UTF-8");
        message.setHeader(WebhookSignature.DELIVERY_HEADER, deliveryId);
        message.addAttachment(email.attachmentName(),
                new DataHandler(new ByteArrayDataSource(email.json().getBytes(UTF_8), "application/json")));
    }

    /**
     * Formats a critical alert ({@code event_type} {@code violation_opened}/{@code violation_closed})
     * or a warning digest ({@code warning_digest}).
     *
     * @throws JsonProcessingException when the body is not JSON (never redelivered: parked at once)
     */
    public AlertEmail format(String alertJson) throws JsonProcessingException {
        JsonNode alert = json.readTree(alertJson);
        if ("warning_digest".equals(alert.path("event_type").asText())) {
            return digest(alert, alertJson);
        }
        return critical(alert, alertJson);
    }

    private AlertEmail critical(JsonNode alert, String alertJson) {
        JsonNode v = alert.path("violation");
        String change = "violation_closed".equals(alert.path("event_type").asText()) ? "closed" : "opened";
        String severity = text(alert.path("severity"), text(v.path("severity"), "critical"));
        String auv = text(alert.path("auv_id"), text(v.path("auv_id"), "?"));
        String rule = text(alert.path("rule_id"), text(v.path("rule_id"), "?"));
        String zone = text(alert.path("zone_id"), text(v.path("zone_id"), null));
        String subject = "%s %s %s %s%s (%s)".formatted(subjectPrefix, severity.toUpperCase(Locale.ROOT), rule, auv,
                zone == null ? "" : " in " + zone, change);

        StringBuilder body = new StringBuilder();
        body.append(severity.toUpperCase(Locale.ROOT)).append(" compliance violation ").append(change).append("\n\n");
        line(body, "AUV", auv);
        line(body, "Rule", rule + (v.hasNonNull("rule_type") ? " (" + v.get("rule_type").asText() + ")" : ""));
        line(body, "Zone", zone == null ? "-" : zone);
        line(body, "Rule version", text(v.path("rule_version"), "-"));
        line(body, "Zone version", zone == null ? "-" : text(v.path("zone_version"), "-"));
        line(body, "Severity", severity);
        line(body, "Started", text(v.path("started_at"), "-"));
        line(body, "Ended", text(v.path("ended_at"), "- (still open)"));
        line(body, "Last seen", text(v.path("last_seen_at"), "-"));
        line(body, "Position", position(v));
        line(body, "Message", text(alert.path("message"), text(v.path("message"), "-")));
        line(body, "Violation ID", text(v.path("violation_id"), "-"));
        line(body, "Alert ID", text(alert.path("alert_id"), "-"));
        line(body, "Alert time", text(alert.path("created_at"), "-"));
        String attachment = "alert-" + text(alert.path("alert_id"), "critical") + ".json";
        body.append("\nThe alert as JSON is attached (").append(attachment).append(").\n");
        return new AlertEmail(subject, body.toString(), alertJson, attachment);
    }

    private AlertEmail digest(JsonNode digest, String digestJson) {
        JsonNode violations = digest.path("violations");
        int count = violations.size();
        String subject = "%s WARNING digest: %d warning%s".formatted(subjectPrefix, count, count == 1 ? "" : "s");

        StringBuilder body = new StringBuilder();
        body.append(count).append(" warning violation change").append(count == 1 ? "" : "s")
                .append(" in this window (digest ").append(text(digest.path("digest_id"), "-"))
                .append(", ").append(text(digest.path("created_at"), "-")).append(")\n");
        int n = 0;
        for (JsonNode v : violations) {
            n++;
            boolean closed = "closed".equals(v.path("status").asText());
            body.append('\n').append(n).append(". ").append(text(v.path("auv_id"), "?"))
                    .append(' ').append(text(v.path("rule_id"), "?"))
                    .append(v.hasNonNull("zone_id") ? " in " + v.get("zone_id").asText() : "")
                    .append(closed ? " (closed)" : " (open)").append('\n');
            line(body, "   Started", text(v.path("started_at"), "-"));
            if (closed) {
                line(body, "   Ended", text(v.path("ended_at"), "-"));
            }
            line(body, "   Position", position(v));
            line(body, "   Message", text(v.path("message"), "-"));
            line(body, "   Violation ID", text(v.path("violation_id"), "-"));
        }
        String attachment = "digest-" + text(digest.path("digest_id"), "warnings") + ".json";
        body.append("\nThe digest as JSON is attached (").append(attachment).append(").\n");
        return new AlertEmail(subject, body.toString(), digestJson, attachment);
    }

    private static String position(JsonNode v) {
        if (!v.hasNonNull("latitude") || !v.hasNonNull("longitude")) {
            return "-";
        }
        String position = "lat %s, lon %s".formatted(v.get("latitude").asText(), v.get("longitude").asText());
        return v.hasNonNull("depth") ? position + ", depth " + v.get("depth").asText() + " m" : position;
    }

    private static void line(StringBuilder body, String label, String value) {
        body.append(String.format(Locale.ROOT, "%-16s %s\n", label + ":", value));
    }

    private static String text(JsonNode node, String fallback) {
        return node == null || node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? fallback : node.asText();
    }
}
