package org.deepseaguard.core.engine;

import java.util.List;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;

/**
 * The result of judging one fix: the vehicle's new state and what changed.
 *
 * <p>{@code opened}: episodes that start with this fix (late and inferred ones arrive here already
 * closed); {@code continued}: open episodes this fix breaches again ({@code lastSeenAt} and position
 * updated); {@code closed}: episodes this fix ends. A {@link Outcome#DUPLICATE} carries the
 * unchanged state and nothing else. Immutable and thread-safe.
 */
public record Evaluation(
        VehicleState state,
        Outcome outcome,
        List<ZoneEvent> events,
        List<Violation> opened,
        List<Violation> continued,
        List<Violation> closed) {

    /** How the fix was taken. */
    public enum Outcome {
        /** Newer than the last applied fix: state moved on. */
        APPLIED,
        /** Same vehicle and timestamp as a fix already seen: dropped, state unchanged. */
        DUPLICATE,
        /** Older than the last applied fix: judged by the stateless rules only, state unchanged. */
        LATE
    }

    public Evaluation {
        events = List.copyOf(events);
        opened = List.copyOf(opened);
        continued = List.copyOf(continued);
        closed = List.copyOf(closed);
    }
}
