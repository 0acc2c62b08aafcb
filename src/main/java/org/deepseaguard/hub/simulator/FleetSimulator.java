package org.deepseaguard.hub.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A simulated AUV fleet ({@code deepseaguard.simulator.*}): on every {@link #tick()} each vehicle
 * moves on in wall-clock time and reports a fix stamped with the current time, either through the
 * pipeline ({@code direct:telemetry-ingest}, source {@code simulator}) or as one NDJSON POST to
 * {@code deepseaguard.simulator.url}, which makes it a load generator for a running hub. It stops
 * by itself after {@code max-fixes} fixes or {@code duration}. Ticks are serialised.
 */
@Component
public class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final DeepSeaGuardProperties.Simulator config;
    private final List<DemoFleet.Member> members;
    private final List<SimulatedAuv> fleet;
    private final TelemetryGateway gateway;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private Instant startedAt;
    private Instant lastTick;
    private long sent;
    private boolean finished;

    public FleetSimulator(DeepSeaGuardProperties properties, TelemetryGateway gateway, ObjectMapper json, Clock clock) {
        this.config = properties.simulator();
        this.members = DemoFleet.members(config.fleetSize());
        this.fleet = members.stream().map(DemoFleet.Member::start).toList();
        this.gateway = gateway;
        this.json = json;
        this.clock = clock;
        this.http = config.url() == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The registrations of the simulated vehicles (the demo registers them). */
    public List<Vehicle> vehicles() {
        return members.stream().map(DemoFleet.Member::vehicle).toList();
    }

    /** Number of fixes sent so far. */
    public synchronized long sent() {
        return sent;
    }

    /** One round: every vehicle that is not silent reports once. */
    public synchronized void tick() {
        if (finished) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (startedAt == null) {
            startedAt = now;
        }
        Duration elapsed = lastTick == null ? config.interval() : Duration.between(lastTick, now);
        lastTick = now;
        List<Map<String, Object>> fixes = new ArrayList<>();
        for (SimulatedAuv auv : fleet) {
            if (config.maxFixes() > 0 && sent + fixes.size() >= config.maxFixes()) {
                break;
            }
            Map<String, Object> fix = auv.advance(elapsed, now);
            if (fix != null) {
                fixes.add(fix);
            }
        }
        if (config.url() == null) {
            submit(fixes);
        } else {
            post(fixes);
        }
        sent += fixes.size();
        boolean countReached = config.maxFixes() > 0 && sent >= config.maxFixes();
        boolean timeUp = config.duration() != null && !now.isBefore(startedAt.plus(config.duration()));
        if (countReached || timeUp) {
            finished = true;
            LOG.info("Simulator finished after {} fixes in {}", sent, Duration.between(startedAt, now));
        }
    }

    private void submit(List<Map<String, Object>> fixes) {
        if (fixes.isEmpty()) {
            return;
        }
        BatchResult result = gateway.submit(fixes, "simulator");
        if (!result.rejected().isEmpty()) {
            LOG.warn("Simulated fixes refused: {}", result.rejected());
        }
    }

    private void post(List<Map<String, Object>> fixes) {
        if (fixes.isEmpty()) {
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        try {
            for (Map<String, Object> fix : fixes) {
                ndjson.append(json.writeValueAsString(fix)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()));
        if (config.apiKey() != null) {
            request.header("X-API-Key", config.apiKey());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                LOG.warn("{} answered {}: {}", config.url(), response.statusCode(), response.body());
            }
        } catch (IOException e) {
            LOG.warn("Cannot POST fixes to {}: {}", config.url(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
