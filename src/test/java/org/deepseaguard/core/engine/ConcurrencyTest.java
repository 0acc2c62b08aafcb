package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/** Vehicles judged on several threads while zones and rules are swapped underneath. */
class ConcurrencyTest {

    @Test
    void evaluationNeverFailsOrMixesStatesWhileZonesAndRulesAreSwapped() throws Exception {
        Zone a = zone("Z-A", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));
        Zone b = zone("Z-B", ZoneType.CLOSED_AREA, box(-116.9, 10.0, -116.4, 10.5));
        List<Rule> rules = List.of(rule("R-R", RuleType.RESTRICTED_ZONE).build(),
                rule("R-P", RuleType.PROXIMITY).minDistance(3000).build(),
                rule("R-S", RuleType.SPEED_LIMIT).maxSpeed(2.5).build());
        ComplianceEngine engine = new ComplianceEngine(List.of(a, b), rules);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> swapper = pool.submit(() -> {
                int i = 0;
                while (running.get()) {
                    engine.updateZones(i % 2 == 0 ? List.of(a) : List.of(a, b.withVersion(i)));
                    engine.updateRules(i % 3 == 0 ? rules.subList(0, 1) : rules);
                    i++;
                }
            });
            List<Future<VehicleState>> vehicles = new ArrayList<>();
            for (int v = 0; v < 2; v++) {
                String auvId = "AUV-" + v;
                vehicles.add(pool.submit(() -> {
                    VehicleState state = VehicleState.initial(auvId);
                    for (int k = 0; k < 20_000; k++) {
                        double lon = -117.8 + (k % 1000) * 0.0015; // sweeps across both zones
                        Telemetry fix = Telemetry.of(auvId, Fixtures.at(k * 60L), 10.2, lon, 4000);
                        Evaluation e = engine.evaluate(state, fix, null, Instant.EPOCH);
                        assertThat(e.state().auvId()).isEqualTo(auvId);
                        assertThat(e.events()).allMatch(ev -> ev.auvId().equals(auvId));
                        for (ZoneEvent ev : e.events()) {
                            boolean entry = ev.type() == ZoneEvent.Type.ZONE_ENTRY;
                            assertThat(state.zoneEntries().containsKey(ev.zoneId())).isNotEqualTo(entry);
                        }
                        state = e.state();
                    }
                    return state;
                }));
            }
            for (Future<VehicleState> f : vehicles) {
                assertThat(f.get().lastFix().timestamp()).isEqualTo(Fixtures.at(19_999 * 60L));
            }
            running.set(false);
            swapper.get();
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }
}
