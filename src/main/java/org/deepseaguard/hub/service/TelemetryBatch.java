package org.deepseaguard.hub.service;

import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;

/**
 * The unit of work of the pipeline: the valid fixes of one request or message window, in arrival
 * order, and the items refused by validation with their index in the input.
 *
 * @param fixes    validated fixes, in the order they arrived
 * @param received how many items arrived (valid and refused)
 * @param rejected the refused items, by index
 * @param source   where they came from: {@code http}, {@code amqp}, {@code mqtt}, {@code kafka}...
 */
public record TelemetryBatch(List<Telemetry> fixes, int received, List<Rejected> rejected, String source) {

    /** One refused item: its index in the input and every problem found in it. */
    public record Rejected(int index, List<FieldError> errors) {
    }

    public TelemetryBatch {
        fixes = List.copyOf(fixes);
        rejected = List.copyOf(rejected);
    }
}
