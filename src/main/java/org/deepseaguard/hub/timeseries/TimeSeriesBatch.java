package org.deepseaguard.hub.timeseries;

import java.util.List;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;

/**
 * What one or more judged batches give InfluxDB: their applied fixes and their violation
 * transitions. It is what a failed write parks in the dead letters (as JSON) and what a replay
 * sends back. Immutable.
 *
 * @param fixes      applied fixes, each vehicle's in event-time order
 * @param violations violation transitions in the order they happened
 */
public record TimeSeriesBatch(List<Telemetry> fixes, List<Transition> violations) {

    /** A violation episode opening or closing. */
    public record Transition(String transition, Violation violation) {

        public static final String OPENED = "opened";
        public static final String CLOSED = "closed";
    }

    public TimeSeriesBatch {
        fixes = List.copyOf(fixes);
        violations = List.copyOf(violations);
    }

    public boolean isEmpty() {
        return fixes.isEmpty() && violations.isEmpty();
    }

    /** How many points this is. */
    public int size() {
        return fixes.size() + violations.size();
    }
}
