package org.deepseaguard.hub.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.component.mail.MailConstants;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.alerts.Alert.HeldBack;
import org.deepseaguard.hub.alerts.Alert.ViolationAlert;
import org.deepseaguard.hub.alerts.Alert.WarningDigest;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.AuditLog;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.stereotype.Component;

/**
 * Channel {@code email} (docs/alerts.md; docs/messaging.md "Email"): one address per subscription;
 * an alert or a warning digest becomes a plain-text email a duty officer can read at a glance, with
 * the alert's JSON attached, sent through the SMTP server of {@code spring.mail.host}/{@code port}
 * (credentials: {@link AlertEmailConfig}). Also checks the legacy {@code deepseaguard.alerts.email.*}
 * settings at start (their addresses become subscriptions). Thread-safe.
 */
@Component
public class EmailChannel implements AlertChannel {

    public static final String NAME = "email";

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");

    private final boolean enabled;
    private final String from;
    private final String subjectPrefix;
    private final String smtpUri;

    public EmailChannel(DeepSeaGuardProperties properties, MailProperties smtp) {
        DeepSeaGuardProperties.Email email = properties.alerts().email();
        this.enabled = email.enabled();
        this.from = email.from();
        this.subjectPrefix = email.subjectPrefix();
        boolean smtpConfigured = smtp.getHost() != null && !smtp.getHost().isBlank();
        this.smtpUri = smtpConfigured ? "smtp://" + smtp.getHost() + ":" + (smtp.getPort() == null ? 25 : smtp.getPort()) : null;
        List<String> to = email.to();
        if (enabled && to.isEmpty()) {
            throw new IllegalStateException("deepseaguard.alerts.email.enabled is true but deepseaguard.alerts.email.to is empty");
        }
        if (enabled && !smtpConfigured) {
            throw new IllegalStateException("deepseaguard.alerts.email.enabled is true but spring.mail.host (the SMTP server) is not set");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String refusal(String target, boolean strict) {
        return ADDRESS.matcher(target).matches() ? null : "must be one email address (local@domain)";
    }

    @Override
    public String unavailable() {
        return smtpUri == null ? "email needs an SMTP server: spring.mail.host is not set" : null;
    }

    /**
     * Text body, {@code Subject}, {@code From}, {@code To} (the target), the JSON as an attachment,
     * and header {@code X-DeepSeaGuard-Delivery} (the delivery id, an email header too).
     */
    @Override
    public String format(Outgoing outgoing, Exchange exchange) {
        if (smtpUri == null) {
            throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
        }
        AlertEmail email = format(outgoing.alert(), outgoing.json());
        AttachmentMessage mail = exchange.getMessage(AttachmentMessage.class);
        mail.setBody(email.text());
        mail.setHeader(MailConstants.MAIL_SUBJECT, email.subject());
        mail.setHeader(MailConstants.MAIL_FROM, from);
        mail.setHeader(MailConstants.MAIL_TO, outgoing.target());
        mail.setHeader(MailConstants.MAIL_CONTENT_TYPE, "text/plain; charset=UTF-8");
        mail.setHeader(WebhookSignature.DELIVERY_HEADER, outgoing.deliveryId());
        mail.addAttachment(email.attachmentName(),
                new DataHandler(new ByteArrayDataSource(email.json().getBytes(UTF_8), "application/json")));
        return smtpUri;
    }

    /** Whether the legacy setting {@code deepseaguard.alerts.email.enabled} is on (its addresses become subscriptions). */
    public boolean enabled() {
        return enabled;
    }

    /** The email of an alert: pure formatting. */
    public AlertEmail format(Alert alert, String alertJson) {
        return alert instanceof ViolationAlert a ? violation(a, alertJson) : digest((WarningDigest) alert, alertJson);
    }

    private AlertEmail violation(ViolationAlert alert, String alertJson) {
        Violation v = alert.violation();
        String change = switch (alert.eventType()) {
            case AuditLog.VIOLATION_CLOSED -> "closed";
            case AuditLog.VIOLATION_OPENED -> "opened";
            default -> "escalated: not acknowledged";
        };
        String severity = alert.severity().wireName();
        String zone = alert.zoneId();
        String subject = "%s %s %s %s%s (%s)".formatted(subjectPrefix, severity.toUpperCase(Locale.ROOT), alert.ruleId(),
                alert.auvId(), zone == null ? "" : " in " + zone, change);

        StringBuilder body = new StringBuilder();
        body.append(severity.toUpperCase(Locale.ROOT)).append(" compliance violation ").append(change).append("\n\n");
        line(body, "AUV", alert.auvId());
        line(body, "Rule", alert.ruleId() + " (" + v.ruleType().wireName() + ")");
        line(body, "Zone", zone == null ? "-" : zone);
        line(body, "Rule version", Integer.toString(v.ruleVersion()));
        line(body, "Zone version", zone == null ? "-" : Integer.toString(v.zoneVersion()));
        line(body, "Severity", severity);
        line(body, "Started", String.valueOf(v.startedAt()));
        line(body, "Ended", v.endedAt() == null ? "- (still open)" : v.endedAt().toString());
        line(body, "Last seen", String.valueOf(v.lastSeenAt()));
        line(body, "Position", position(v));
        line(body, "Message", alert.message() == null ? "-" : alert.message());
        line(body, "Violation ID", v.violationId());
        line(body, "Alert ID", alert.alertId());
        line(body, "Alert time", alert.createdAt().toString());
        if (alert.escalation() != null) {
            line(body, "First alerted", alert.escalation().firstAlertedAt().toString());
        }
        String attachment = "alert-" + alert.alertId() + ".json";
        body.append("\nThe alert as JSON is attached (").append(attachment).append(").\n");
        return new AlertEmail(subject, body.toString(), alertJson, attachment);
    }

    private AlertEmail digest(WarningDigest digest, String digestJson) {
        int count = digest.count();
        int held = digest.heldBack().stream().mapToInt(HeldBack::alerts).sum();
        String subject = "%s WARNING digest: %d warning%s".formatted(subjectPrefix, count, count == 1 ? "" : "s")
                + (held == 0 ? "" : ", %d alert%s held back".formatted(held, held == 1 ? "" : "s"));

        StringBuilder body = new StringBuilder();
        body.append(count).append(" warning violation change").append(count == 1 ? "" : "s")
                .append(" in this window (digest ").append(digest.digestId())
                .append(", ").append(digest.createdAt()).append(")\n");
        int n = 0;
        for (Violation v : digest.violations()) {
            n++;
            boolean closed = v.status() == Violation.Status.CLOSED;
            body.append('\n').append(n).append(". ").append(v.auvId())
                    .append(' ').append(v.ruleId())
                    .append(v.zoneId() != null ? " in " + v.zoneId() : "")
                    .append(closed ? " (closed)" : " (open)").append('\n');
            line(body, "   Started", String.valueOf(v.startedAt()));
            if (closed) {
                line(body, "   Ended", String.valueOf(v.endedAt()));
            }
            line(body, "   Position", position(v));
            line(body, "   Message", v.message() == null ? "-" : v.message());
            line(body, "   Violation ID", v.violationId());
        }
        if (held > 0) {
            body.append("\nHeld back (a vehicle crossing again within the minimum interval between alerts):\n");
            for (HeldBack h : digest.heldBack()) {
                body.append("\n- ").append(h.auvId()).append(' ').append(h.ruleId())
                        .append(h.zoneId() != null ? " in " + h.zoneId() : "")
                        .append(": ").append(h.alerts()).append(' ').append(h.severity().wireName())
                        .append(" alert").append(h.alerts() == 1 ? "" : "s").append(" held back\n");
                line(body, "   Between", h.firstAt() + " and " + h.lastAt());
                line(body, "   Violation IDs", String.join(", ", h.violationIds()));
            }
        }
        String attachment = "digest-" + digest.digestId() + ".json";
        body.append("\nThe digest as JSON is attached (").append(attachment).append(").\n");
        return new AlertEmail(subject, body.toString(), digestJson, attachment);
    }

    private static String position(Violation v) {
        return "lat %s, lon %s, depth %s m".formatted(v.latitude(), v.longitude(), v.depth());
    }

    private static void line(StringBuilder body, String label, String value) {
        body.append(String.format(Locale.ROOT, "%-16s %s\n", label + ":", value));
    }
}
