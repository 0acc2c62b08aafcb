package org.deepseaguard.hub.alerts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The channels this hub can deliver alerts by: every {@link AlertChannel} bean, by name. Immutable
 * after start and thread-safe.
 */
@Component
public class AlertChannels {

    private final Map<String, AlertChannel> byName = new TreeMap<>();

    public AlertChannels(List<AlertChannel> channels) {
        for (AlertChannel c : channels) {
            AlertChannel before = byName.put(c.name(), c);
            if (before != null) {
                throw new IllegalStateException("two alert channels are named " + c.name() + ": "
                        + before.getClass().getName() + " and " + c.getClass().getName());
            }
        }
    }

    /** The channel of that name, null when there is none. */
    public AlertChannel find(String name) {
        return name == null ? null : byName.get(name);
    }

    /** The channel of a stored delivery or subscription. */
    public AlertChannel get(String name) {
        AlertChannel channel = find(name);
        if (channel == null) {
            throw new IllegalStateException("no alert channel is named " + name + " (known: " + String.join(", ", names()) + ")");
        }
        return channel;
    }

    /** The names, sorted: what a subscription's {@code channel} may be. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
