package org.deepseaguard.hub.routes;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.ResultPublisher;
import org.springframework.stereotype.Component;

/** {@link ResultPublisher} into {@code direct:results-route} (the content-based router), synchronously. */
@Component
public class CamelResultPublisher implements ResultPublisher {

    private final ProducerTemplate producer;

    public CamelResultPublisher(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void publish(Telemetry fix, Evaluation evaluation, String source) {
        try {
            producer.requestBody("direct:results-route", new FixResult(fix, evaluation, source));
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
