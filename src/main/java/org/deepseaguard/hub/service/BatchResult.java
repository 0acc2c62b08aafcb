package org.deepseaguard.hub.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;

/**
 * What became of a {@link TelemetryBatch}: every judged fix with its evaluation (for the outputs)
 * and the counts the caller reports. {@code accepted} = applied + late + duplicates.
 *
 * @param results    the applied and late fixes, each vehicle's in event-time order
 * @param received   items in the input
 * @param applied    fixes that moved their vehicle's state on
 * @param late       fixes older than their vehicle's newest, judged by the stateless rules
 * @param duplicates fixes taken before (in the fix log, or twice in the input): dropped, counted
 * @param rejected   items refused by validation
 * @param heldAlerts the violation transitions whose alert was held back ({@link AlertThrottle#key})
 */
public record BatchResult(List<FixResult> results, int received, int applied, int late, int duplicates,
                          List<TelemetryBatch.Rejected> rejected, Set<String> heldAlerts) {

    public BatchResult {
        results = List.copyOf(results);
        rejected = List.copyOf(rejected);
        heldAlerts = Set.copyOf(heldAlerts);
    }

    /** A result with every alert going out. */
    public BatchResult(List<FixResult> results, int received, int applied, int late, int duplicates,
                       List<TelemetryBatch.Rejected> rejected) {
        this(results, received, applied, late, duplicates, rejected, Set.of());
    }

    /** Whether the alert of that violation transition was held back (flapping). */
    public boolean alertHeld(String violationId, String transition) {
        return !heldAlerts.isEmpty() && heldAlerts.contains(AlertThrottle.key(violationId, transition));
    }

    public int accepted() {
        return applied + late + duplicates;
    }

    /** The fixes that moved their vehicle on (not late ones, not the watchdog's), in the order judged. */
    public List<Telemetry> appliedFixes() {
        List<Telemetry> fixes = new ArrayList<>(results.size());
        for (FixResult r : results) {
            if (r.fix() != null && r.evaluation().outcome() == Evaluation.Outcome.APPLIED) {
                fixes.add(r.fix());
            }
        }
        return fixes;
    }
}
