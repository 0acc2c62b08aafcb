package org.deepseaguard.hub.service;

/**
 * The entry of the pipeline ({@code direct:telemetry-ingest}) for callers outside Camel (the
 * simulator). Returns when the fixes are judged, persisted and published.
 */
public interface TelemetryGateway {

    /**
     * @param fixes  one fix as JSON (String, byte[], JsonNode or Map) or a collection of them (a batch)
     * @param source {@code http}, {@code simulator}...
     * @return what became of the fixes
     * @throws org.deepseaguard.core.model.InvalidInputException when a single fix is refused
     */
    BatchResult submit(Object fixes, String source);
}
