package org.deepseaguard.hub.api;

/** A telemetry request holding more fixes than {@code deepseaguard.telemetry.max-fixes-per-request}: 413. */
public class TooManyFixesException extends RuntimeException {

    private final int limit;

    public TooManyFixesException(int limit) {
        super("the request holds more than " + limit + " fixes, the limit per request "
                + "(deepseaguard.telemetry.max-fixes-per-request); send them in several requests");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
