package org.deepseaguard.hub.service;

import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;

/** One judged fix (null for the telemetry-gap watchdog), its evaluation and its source. */
public record FixResult(Telemetry fix, Evaluation evaluation, String source) {
}
