package org.deepseaguard.hub.messaging;

import java.util.List;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code cluster-forward} (cluster mode): a validated batch's fixes, one Kafka
 * record each, and the answer for the caller once Kafka acknowledged them all. The answer cannot
 * know what the judging instance will make of a fix (applied, late or a duplicate): every forwarded
 * fix is counted as accepted ({@code applied}), none as a duplicate; refused items are reported as
 * without cluster mode (docs/deviations.md). Stateless and thread-safe.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.cluster.enabled", havingValue = "true")
public class ClusterForward {

    /** The batch's valid fixes, in the order received (one vehicle's stay in order on its partition). */
    public List<Telemetry> fixes(TelemetryBatch batch) {
        return batch.fixes();
    }

    /** What the caller is told once every fix of the batch is on Kafka. */
    public BatchResult forwarded(TelemetryBatch batch) {
        return new BatchResult(List.of(), batch.received(), batch.fixes().size(), 0, 0, batch.rejected());
    }
}
