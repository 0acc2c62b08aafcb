package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.deepseaguard.hub.service.LocalWatchdogLease;
import org.deepseaguard.hub.service.TelemetryGapWatchdog;
import org.deepseaguard.hub.service.VehicleService;
import org.deepseaguard.hub.service.WatchdogLease;
import org.deepseaguard.hub.store.InMemoryVehicleStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Issue 9, part 7, in the default profile: the telemetry-gap watchdog checks every vehicle even when
 * the check of one throws (logged, counted in {@code deepseaguard.watchdog.failures}), and its lease
 * is the local one, which grants every round to this, the only, instance. (Two instances on a real
 * Redis: WatchdogLeaseIT.)
 */
class WatchdogIsolationTest extends HubTestSupport {

    @MockitoSpyBean
    VehicleService vehicles;
    @MockitoSpyBean
    InMemoryVehicleStateStore states;
    @Autowired
    MeterRegistry meters;
    @Autowired
    WatchdogLease lease;
    @Autowired
    TelemetryGapWatchdog watchdog;

    @Test
    void aVehicleWhoseCheckThrowsDoesNotStopTheCheckOfTheOthers() {
        String bad = id("AUV-WD-BAD");
        String good = id("AUV-WD-GOOD");
        String rule = id("R-WD-GAP");
        // the failing vehicle comes first, so a check that stopped at it would never reach the other
        doReturn(new LinkedHashSet<>(List.of(bad, good))).when(states).vehicleIds();
        // only the watchdog's look-up of the bad vehicle fails; ingestion of its fix works
        doAnswer(invocation -> {
            if (bad.equals(invocation.getArgument(0)) && calledFrom("checkSilence")) {
                throw new IllegalStateException("vehicle registry broken for " + bad);
            }
            return invocation.callRealMethod();
        }).when(vehicles).find(anyString());
        double failuresBefore = failures();

        assertThat(http.post("/api/v1/rules", """
                {"rule_id":"%s","type":"telemetry_gap","severity":"warning","max_gap_seconds":1,"auv_ids":["%s","%s"]}"""
                .formatted(rule, bad, good)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/telemetry", fix(bad, ago(5), 5, 6, 10)).status()).isEqualTo(202);
        assertThat(http.post("/api/v1/telemetry", fix(good, ago(5), 5, 6, 10)).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode gaps = http.get("/api/v1/violations?auv_id=" + good + "&rule_id=" + rule).json();
            assertThat(gaps.get("total").asInt()).as("the good vehicle went dark and was flagged").isEqualTo(1);
            assertThat(failures()).as("the bad vehicle's failure counted").isGreaterThan(failuresBefore);
        });
        JsonNode gap = http.get("/api/v1/violations?auv_id=" + good + "&rule_id=" + rule).json().get("violations").get(0);
        assertThat(gap.get("rule_type").asText()).isEqualTo("telemetry_gap");
        assertThat(gap.get("status").asText()).isEqualTo("open");
        assertThat(http.get("/api/v1/auvs/" + good).json().get("status").asText()).isEqualTo("dark");
        assertThat(http.get("/api/v1/violations?auv_id=" + bad + "&rule_id=" + rule).json().get("total").asInt())
                .as("the bad vehicle's check failed every round").isZero();
    }

    @Test
    void theLocalLeaseGrantsEveryRoundToTheOnlyInstance() {
        assertThat(lease).isInstanceOf(LocalWatchdogLease.class);
        assertThat(lease.tryAcquire(42, Duration.ofSeconds(2))).isTrue();
        assertThat(lease.tryAcquire(42, Duration.ofSeconds(2))).as("no store, no contention").isTrue();
        assertThat(watchdog.acquireRound()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.counter("deepseaguard.watchdog.rounds", "ran", "true").count() >= 2);
        assertThat(meters.counter("deepseaguard.watchdog.rounds", "ran", "false").count()).isZero();
    }

    private double failures() {
        return meters.counter("deepseaguard.watchdog.failures").count();
    }

    private static boolean calledFrom(String method) {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getMethodName().equals(method)));
    }
}
