package org.deepseaguard.hub.service;

/** The named zone, rule or vehicle (or the named version of one) does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
    }

    /** A version the zone, rule or vehicle registration never had (or, for a deletion, no content). */
    public NotFoundException(String what, String id, int version, String reason) {
        super("version " + version + " of " + what + " '" + id + "' " + reason);
    }
}
