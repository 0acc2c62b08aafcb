package org.deepseaguard.hub.alerts;

/**
 * One alert email as {@link EmailChannel} formats it: a subject, a plain-text body a duty officer can
 * read, and the alert JSON to attach under {@code attachmentName}. Immutable.
 */
public record AlertEmail(String subject, String text, String json, String attachmentName) {
}
