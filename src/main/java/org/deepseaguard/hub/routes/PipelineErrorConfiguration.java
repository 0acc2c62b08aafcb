package org.deepseaguard.hub.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterStamper;
import org.deepseaguard.hub.deadletter.FailureOrigin;
import org.springframework.stereotype.Component;

/**
 * Error handling of the pipeline, defined once and referenced by id from Java and YAML routes.
 * <ul>
 * <li>{@code pipeline-errors}: the synchronous pipeline routes ({@code direct:telemetry-ingest},
 * {@code compliance-evaluate}) have NO error handler of their own, so a failure goes back to the
 * caller's: the HTTP API answers 400/500 (retrying transient database errors first), a broker
 * consumer's or an integrator's route's dead-letter channel redelivers and parks the ORIGINAL
 * message. A plain {@code to: direct:telemetry-ingest} is all a route needs. Nothing is
 * half-applied: a batch is persisted in one transaction, and the working state moves on only after
 * the commit, so a redelivery judges it again from the same state.</li>
 * <li>{@code output-errors}: the outputs of a judged batch (queues, topics, alert hand-offs). The
 * fixes are committed by then, so a failure here must not fail the caller: after two quick
 * redeliveries the message (its JSON as it was about to be sent) is parked in the dead letters
 * with the reason, replayable to the output it missed.</li>
 * </ul>
 */
@Component
public class PipelineErrorConfiguration extends RouteConfigurationBuilder {

    private final DeadLetterStamper stamper;

    public PipelineErrorConfiguration(DeadLetterStamper stamper) {
        this.stamper = stamper;
    }

    @Override
    public void configuration() {
        routeConfiguration("pipeline-errors").errorHandler(noErrorHandler());

        routeConfiguration("output-errors").errorHandler(deadLetterChannel(DeadLetterRouteConfiguration.PARK_URI)
                .maximumRedeliveries(2)
                .redeliveryDelay(100)
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true)
                .logExhaustedMessageHistory(false)
                .onExceptionOccurred(new FailureOrigin())
                .onPrepareFailure(stamper));
    }
}
