package org.deepseaguard.hub.alerts;

import java.net.URI;
import java.util.List;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Component;

/** The webhook URLs alerts are POSTed to ({@code deepseaguard.alerts.webhooks[n]}). */
@Component
public class Webhooks {

    private final List<String> uris;

    public Webhooks(DeepSeaGuardProperties properties) {
        this.uris = properties.alerts().webhooks().stream().map(URI::toString).toList();
    }

    public boolean configured() {
        return !uris.isEmpty();
    }

    /** Endpoint URIs for a recipient list (camel-http takes the URL as it is). */
    public List<String> uris() {
        return uris;
    }
}
