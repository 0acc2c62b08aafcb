package org.deepseaguard.hub.routes;

import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;

/** The body {@code results-route} receives: a fix (null for the watchdog), its evaluation and its source. */
public record FixResult(Telemetry fix, Evaluation evaluation, String source) {
}
