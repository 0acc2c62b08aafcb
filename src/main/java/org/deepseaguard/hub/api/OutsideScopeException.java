package org.deepseaguard.hub.api;

import java.util.List;

/** Fixes for vehicles outside the sending key's scope ({@link SenderScopes}): 403, nothing taken. */
public class OutsideScopeException extends RuntimeException {

    /** At most this many refused ids are listed in the answer. */
    static final int MAX_LISTED = 100;

    private final String sender;
    private final List<String> refused;

    public OutsideScopeException(String sender, String scope, List<String> refused) {
        super("key " + sender + " may only send fixes for " + scope + "; refused auv_id"
                + (refused.size() == 1 ? " " : "s ") + String.join(", ", refused.subList(0, Math.min(MAX_LISTED, refused.size())))
                + (refused.size() > MAX_LISTED ? " and " + (refused.size() - MAX_LISTED) + " more" : "")
                + "; nothing of the request was taken");
        this.sender = sender;
        this.refused = refused;
    }

    public String sender() {
        return sender;
    }

    /** The refused {@code auv_id}s, in request order, each once. */
    public List<String> refused() {
        return refused;
    }
}
