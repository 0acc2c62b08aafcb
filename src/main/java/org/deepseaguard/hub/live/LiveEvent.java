package org.deepseaguard.hub.live;

/**
 * One server-sent event as it goes to every client: its {@code event:} name and its {@code data:}
 * (JSON, one line), serialised once for all clients. Immutable.
 *
 * @param name  {@code position}, {@code violation}, {@code event} (a zone entry or exit), {@code hello}
 *              or {@code dropped}
 * @param auvId the vehicle, null for events of the stream itself
 * @param data  the JSON text
 */
public record LiveEvent(String name, String auvId, String data) {
}
