package org.deepseaguard.hub.service;

/**
 * The entry of the pipeline ({@code direct:telemetry-ingest}) for callers outside Camel: the HTTP
 * API and the simulator. Returns when the fix is judged, persisted and published.
 */
public interface TelemetryGateway {

    /**
     * @param fixJson one fix as JSON (String, byte[], JsonNode or Map)
     * @param source  {@code http}, {@code simulator}...
     * @throws org.deepseaguard.core.model.InvalidInputException when the fix is refused
     */
    void submit(Object fixJson, String source);
}
