package org.deepseaguard.hub.routes;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.deepseaguard.hub.service.TelemetryGateway;
import org.springframework.stereotype.Component;

/** {@link TelemetryGateway} into {@code direct:telemetry-ingest}, in the caller's thread. */
@Component
public class CamelTelemetryGateway implements TelemetryGateway {

    private final ProducerTemplate producer;

    public CamelTelemetryGateway(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void submit(Object fixJson, String source) {
        try {
            producer.requestBodyAndHeader("direct:telemetry-ingest", fixJson,
                    Headers.SOURCE, source);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
