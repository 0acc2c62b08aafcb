package org.deepseaguard.hub.service;

import java.time.Instant;

/**
 * Who acknowledged a violation episode and when ({@code POST /violations/{id}/ack}); the first
 * acknowledgement of an episode stands.
 *
 * @param acknowledgedAt when the hub took it
 * @param acknowledgedBy the key's name (the audit actor)
 * @param role           the key's role ({@code operator} or {@code admin}; {@code anonymous} without keys)
 * @param note           free text, may be null
 */
public record Acknowledgement(Instant acknowledgedAt, String acknowledgedBy, String role, String note) {
}
