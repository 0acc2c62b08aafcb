package org.deepseaguard.hub.service;

/**
 * Who made a change the audit log records: the API key's name (or {@code key:<12 hex>} for an
 * unnamed key) and its role, or one of the hub's own actors. Immutable and thread-safe.
 *
 * @param name the actor column of the entry
 * @param role the key's role ({@code ingest|operator|auditor|admin}), the name itself for
 *             {@link #HUB}, {@link #SYSTEM} and {@link #ANONYMOUS}, or {@code provisioning} for a
 *             provisioning file ({@link #file})
 */
public record AuditActor(String name, String role) {

    /** The pipeline and the telemetry-gap watchdog. */
    public static final AuditActor HUB = new AuditActor("hub", "hub");
    /** Startup loaders (the demo). */
    public static final AuditActor SYSTEM = new AuditActor("system", "system");
    /** A request without an API key (authentication off). */
    public static final AuditActor ANONYMOUS = new AuditActor("anonymous", "anonymous");

    /** Role of {@link #file} actors. */
    public static final String PROVISIONING = "provisioning";

    /**
     * A provisioning file (docs/provisioning.md): name {@code file:<folder name>/<file name>} (cut to
     * the 256 characters of the actor column), role {@code provisioning}.
     */
    public static AuditActor file(String folderAndFile) {
        String name = "file:" + folderAndFile;
        return new AuditActor(name.length() > 256 ? name.substring(0, 256) : name, PROVISIONING);
    }

    public AuditActor {
        if (name == null || name.isBlank() || role == null || role.isBlank()) {
            throw new IllegalArgumentException("an audit actor has a name and a role");
        }
    }
}
