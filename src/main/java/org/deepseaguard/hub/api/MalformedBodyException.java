package org.deepseaguard.hub.api;

/** The request body is not JSON (or not the JSON shape the endpoint takes). Answered with 400. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }
}
