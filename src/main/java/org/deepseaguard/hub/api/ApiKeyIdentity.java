package org.deepseaguard.hub.api;

import java.util.Locale;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.VehicleScope;

/**
 * Who sent a request: the role, name and vehicle scope of the API key it carried. {@link ApiKeyFilter}
 * puts it in the request attribute {@link #ATTRIBUTE}; the telemetry route checks the scope.
 *
 * @param role  what the key may do
 * @param name  the key's name (third part of its configuration; {@code key:<first 12 hex of its
 *              sha256>} when not given)
 * @param scope the vehicles the key may send fixes for; null: unrestricted
 */
public record ApiKeyIdentity(ApiKeyFilter.Role role, String name, VehicleScope scope) {

    /** The request attribute holding the identity of an authenticated request. */
    public static final String ATTRIBUTE = "org.deepseaguard.hub.api.ApiKeyIdentity";

    /** The audit actor of this key: its name and role. */
    public AuditActor actor() {
        return new AuditActor(name, role.name().toLowerCase(Locale.ROOT));
    }

    /** True when this key may send fixes for any vehicle (no scope, or admin). */
    public boolean unrestricted() {
        return scope == null || role == ApiKeyFilter.Role.ADMIN;
    }
}
