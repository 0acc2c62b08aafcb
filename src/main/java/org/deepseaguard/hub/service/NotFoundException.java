package org.deepseaguard.hub.service;

/** The named zone, rule or vehicle does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
    }
}
