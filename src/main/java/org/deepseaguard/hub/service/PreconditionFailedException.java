package org.deepseaguard.hub.service;

/**
 * A change sent with {@code If-Match} found the zone, rule or vehicle registration at another
 * version (or not there at all): nothing was changed. Answered 412 naming the current version.
 */
public class PreconditionFailedException extends RuntimeException {

    private final Integer currentVersion;

    /**
     * @param current the version the resource has now, {@code null} when it does not exist
     * @param given   the {@code If-Match} value as sent
     */
    public PreconditionFailedException(String what, String id, Integer current, String given) {
        super(current == null
                ? what + " '" + id + "' does not exist, so If-Match " + given + " does not hold"
                : what + " '" + id + "' is at version " + current + " (ETag \"" + current + "\"), not If-Match " + given);
        this.currentVersion = current;
    }

    /** The version the resource has now, {@code null} when it does not exist. */
    public Integer currentVersion() {
        return currentVersion;
    }
}
