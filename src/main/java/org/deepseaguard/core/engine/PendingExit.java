package org.deepseaguard.core.engine;

import java.time.Instant;
import org.deepseaguard.core.model.Telemetry;

/**
 * An exit not confirmed yet ({@link ExitHysteresis}): the vehicle's applied fixes have been
 * outside a zone it is still taken to be in since {@code outsideSince}. Position and depth are
 * those of that first fix outside (WGS 84 degrees, metres positive down): the {@code zone_exit}
 * is dated and placed there once confirmed. {@code fixesOutside}: consecutive applied fixes
 * outside so far, that first one included (at most {@link Integer#MAX_VALUE}).
 *
 * <p>Immutable, thread-safe, serialisable as JSON (Jackson) and with Java serialisation, as part
 * of {@link VehicleState}.
 */
public record PendingExit(Instant outsideSince, double latitude, double longitude, double depth,
                          int fixesOutside) implements java.io.Serializable {

    /** The pending exit a first fix outside starts. */
    static PendingExit startedBy(Telemetry fix) {
        return new PendingExit(fix.timestamp(), fix.latitude(), fix.longitude(), fix.depth(), 1);
    }

    /** This pending exit after one more fix outside. */
    PendingExit oneMore() {
        return new PendingExit(outsideSince, latitude, longitude, depth,
                fixesOutside == Integer.MAX_VALUE ? fixesOutside : fixesOutside + 1);
    }
}
