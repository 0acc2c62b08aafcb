package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.service.VehicleScope;
import org.deepseaguard.hub.service.VehicleService;
import org.springframework.stereotype.Component;

/**
 * Sender binding for {@code POST /api/v1/telemetry} (route {@code api-telemetry-post}): a key with a
 * vehicle scope ({@code deepseaguard.security.scopes.<key name>}) may only send fixes for the
 * vehicles in it. A request holding any fix outside the scope is refused whole (403, naming the
 * refused {@code auv_id}s): nothing of it is taken. Keys without a scope, and {@code admin} keys, are
 * unrestricted; so is every request when no key is configured. Items without a textual
 * {@code auv_id} are left to validation (they are refused there). Thread-safe.
 */
@Component
public class SenderScopes {

    private final ApiKeys keys;
    private final VehicleService vehicles;

    public SenderScopes(ApiKeys keys, VehicleService vehicles) {
        this.keys = keys;
        this.vehicles = vehicles;
    }

    /** The identity {@link ApiKeyFilter} put on the HTTP request, or null (no key configured). */
    public ApiKeyIdentity sender(Message message) {
        if (message instanceof PlatformHttpMessage http && http.getRequest() != null) {
            return (ApiKeyIdentity) http.getRequest().getAttribute(ApiKeyIdentity.ATTRIBUTE);
        }
        return null;
    }

    /**
     * @param decoded what {@link TelemetryApi#decode} made of the body: a JSON object or a list of items
     * @param sender  the request's key, null when authentication is off
     * @throws OutsideScopeException when any fix is for a vehicle outside the sender's scope
     */
    public void check(Object decoded, ApiKeyIdentity sender) {
        if (sender == null) {
            if (keys.enabled()) {
                throw new IllegalStateException("an authenticated telemetry request carries no key identity");
            }
            return;
        }
        if (sender.unrestricted()) {
            return;
        }
        Collection<?> items = decoded instanceof Collection<?> c ? c : List.of(decoded);
        Map<String, Boolean> covered = new HashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        for (Object item : items) {
            if (item instanceof JsonNode node && node.path("auv_id").isTextual()) {
                String auvId = node.get("auv_id").asText();
                if (!covered.computeIfAbsent(auvId, id -> sender.scope().covers(id, this::operatorOf))) {
                    refused.add(auvId);
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new OutsideScopeException(sender.name(), sender.scope().toString(), List.copyOf(refused));
        }
    }

    private Optional<String> operatorOf(String auvId) {
        return vehicles.find(auvId).map(Vehicle::operator);
    }
}
