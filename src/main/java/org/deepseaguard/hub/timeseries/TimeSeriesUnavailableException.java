package org.deepseaguard.hub.timeseries;

/** The time-series store did not answer; the HTTP API answers 503. */
public class TimeSeriesUnavailableException extends RuntimeException {

    public TimeSeriesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
