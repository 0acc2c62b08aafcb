package org.deepseaguard.hub.service;

import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;

/**
 * Hands the results of one evaluation to the outputs (the content-based router). Called by the
 * compliance service while it holds the vehicle's lock, after the results are persisted and
 * before the state is saved; it returns when the results are published, and throws when they
 * could not be.
 */
public interface ResultPublisher {

    /**
     * @param fix    the fix judged, or {@code null} for the telemetry-gap watchdog
     * @param source where the fix came from ({@code http}, {@code amqp}, {@code simulator}, {@code watchdog}...)
     */
    void publish(Telemetry fix, Evaluation evaluation, String source);
}
