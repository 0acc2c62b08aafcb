package org.deepseaguard.hub.messaging;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterService;
import org.deepseaguard.hub.deadletter.FailureOrigin;
import org.springframework.stereotype.Component;

/**
 * Kept as a compatible alias for YAML routes written for earlier versions: the pipeline routes now
 * have no error handler of their own, so a plain {@code to: direct:telemetry-ingest} gives a failure
 * to the calling route's dead-letter channel, and the hub's own routes use that.
 *
 * <p>Hands a broker message to the pipeline ({@code direct:telemetry-ingest}) as its own exchange and
 * waits for it, like the HTTP API does. The pipeline's own error handling ({@code pipeline-errors})
 * gives a failure back to its caller; here it is rethrown in the consumer route, with the route where
 * it happened remembered ({@link FailureOrigin}), so the consumer's dead-letter channel redelivers
 * with back-off and then parks the original message. (A failure coming back through a plain
 * {@code direct:} call would count as already handled, and the consumer's error handler would not
 * see it.) Stateless and thread-safe.
 */
@Component
public class PipelineCall implements Processor {

    private final ProducerTemplate producer;

    public PipelineCall(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        Object source = exchange.getMessage().getHeader(DeadLetterHeaders.INGEST_SOURCE);
        if (source != null) {
            // kept as a property too: a parked message is the original one, without the route's headers
            exchange.setProperty(DeadLetterHeaders.INGEST_SOURCE, source);
        }
        Exchange result = producer.send(DeadLetterService.TELEMETRY_INGEST, call -> {
            call.getMessage().setBody(body);
            call.getMessage().setHeader(DeadLetterHeaders.INGEST_SOURCE, source);
        });
        Exception failure = result.getException();
        if (failure != null) {
            String route = result.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
            FailureOrigin.Origin origin = result.getProperty(FailureOrigin.PROPERTY, FailureOrigin.Origin.class);
            if (origin != null && origin.exception() == failure) {
                route = origin.routeId();
            }
            if (route != null) {
                exchange.setProperty(FailureOrigin.PROPERTY, new FailureOrigin.Origin(route, failure));
            }
            throw failure;
        }
    }
}
