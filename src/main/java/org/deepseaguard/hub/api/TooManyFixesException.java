package org.deepseaguard.hub.api;

/** A telemetry request holding more fixes than {@code deepseaguard.telemetry.max-fixes-per-request}: 413. */
public class TooManyFixesException extends RuntimeException {

    private final int limit;

    public TooManyFixesException(int count, int limit) {
        super((count > limit + 1 ? "the request holds " + count + " fixes" : "the request holds more than " + limit + " fixes")
                + ", more than the limit of " + limit + " per request (deepseaguard.telemetry.max-fixes-per-request); "
                + "send them in several requests");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
