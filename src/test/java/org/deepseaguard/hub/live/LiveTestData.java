package org.deepseaguard.hub.live;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.FixResult;
import org.deepseaguard.hub.service.StatusService;

/** Judged batches and the feed's collaborators, for tests of the live feed without a hub. */
public final class LiveTestData {

    private LiveTestData() {
    }

    /** Stops the feed as the context would ({@code @PreDestroy}): its streams completed, its threads ended. */
    public static void stop(LiveFeed feed) {
        feed.stop();
    }

    /** JSON as the hub writes it (snake_case, ISO-8601 times). */
    public static ObjectMapper json() {
        return new ObjectMapper().findAndRegisterModules()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Every vehicle is {@code violation}: enough for the {@code status} of a position. */
    public static StatusService statuses() {
        StatusService statuses = mock(StatusService.class);
        when(statuses.statusOf(any())).thenReturn("violation");
        return statuses;
    }

    /** The defaults, with the given position interval. */
    public static LiveProperties properties(Duration positionInterval) {
        return new LiveProperties(32, 1000, 1000, positionInterval, Duration.ofSeconds(15), Duration.ofMinutes(30));
    }

    public static BatchResult batch(FixResult... results) {
        return new BatchResult(List.of(results), results.length, results.length, 0, 0, List.of());
    }

    /** An applied fix that changed nothing but the position. */
    public static FixResult moved(String auvId, Instant t, double latitude) {
        return new FixResult(Telemetry.of(auvId, t, latitude, -117.0, 4000.0),
                evaluation(auvId, List.of(), List.of()), "http");
    }

    /** An applied fix that entered {@code zoneId} and opened a critical {@code restricted_zone} violation there. */
    public static FixResult entered(String auvId, Instant t, double latitude, String zoneId, String ruleId) {
        ZoneEvent entry = new ZoneEvent("E-" + auvId + "-" + t.getEpochSecond(), ZoneEvent.Type.ZONE_ENTRY, auvId, zoneId, t,
                latitude, -117.0, 4000.0);
        Violation opened = new Violation("V-" + auvId + "-" + t.getEpochSecond(), auvId, ruleId, RuleType.RESTRICTED_ZONE,
                zoneId, Severity.CRITICAL, Violation.Status.OPEN, t, null, t, latitude, -117.0, 4000.0,
                "in restricted zone " + zoneId, false, false, 1, 1);
        return new FixResult(Telemetry.of(auvId, t, latitude, -117.0, 4000.0),
                evaluation(auvId, List.of(entry), List.of(opened)), "http");
    }

    private static Evaluation evaluation(String auvId, List<ZoneEvent> events, List<Violation> opened) {
        return new Evaluation(VehicleState.initial(auvId), Evaluation.Outcome.APPLIED, events, opened, List.of(), List.of());
    }
}
