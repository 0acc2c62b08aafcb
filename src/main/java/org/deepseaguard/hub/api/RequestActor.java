package org.deepseaguard.hub.api;

import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.deepseaguard.hub.service.AuditActor;
import org.springframework.stereotype.Component;

/**
 * Who sent an API request, as the audit log names it: the key {@link ApiKeyFilter} identified
 * ({@link ApiKeyIdentity#actor()}), or {@link AuditActor#ANONYMOUS} when no key is configured. The API
 * routes put it in exchange property {@link #PROPERTY}; changing operations pass it to their bean
 * explicitly. Stateless and thread-safe.
 */
@Component
public class RequestActor {

    /** The exchange property holding the request's {@link AuditActor}. */
    public static final String PROPERTY = "deepseaguardActor";

    public AuditActor actor(Message message) {
        if (message instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(ApiKeyIdentity.ATTRIBUTE) instanceof ApiKeyIdentity identity) {
            return identity.actor();
        }
        return AuditActor.ANONYMOUS;
    }
}
