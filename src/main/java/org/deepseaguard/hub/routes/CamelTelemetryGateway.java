package org.deepseaguard.hub.routes;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.deepseaguard.hub.service.BatchResult;
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
    public BatchResult submit(Object fixes, String source) {
        try {
            return producer.requestBodyAndHeader("direct:telemetry-ingest", fixes, Headers.SOURCE, source,
                    BatchResult.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
