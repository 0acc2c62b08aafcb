package org.deepseaguard.bench;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.geo.ZoneIndex;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Zone;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Full-engine throughput, one thread (= per core): fixes per second through
 * {@link ComplianceEngine#evaluate} (zone index, state machine, all seven rule types) for a fleet of
 * 1,000 vehicles whose states are carried from call to call. {@code fleetOnly} measures the
 * harness's own cost of making a fix; {@code zoneIndexCovering} the bare index lookup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {

    @Param({"100", "1000", "10000"})
    public int zones;

    /** Which rules: {@code all} (the seven types) or {@code none} (zone lookup and state machine only). */
    @Param({"all"})
    public String rules;

    private ComplianceEngine engine;
    private ZoneIndex index;
    private Fleet fleet;
    private final Instant arrival = Instant.parse("2026-11-27T00:00:00Z");

    @Setup(Level.Trial)
    public void setUp() {
        List<Zone> world = BenchWorld.zones(zones, 7);
        engine = new ComplianceEngine(world, BenchWorld.rules(rules));
        index = engine.zoneIndex();
        fleet = new Fleet(1000, 11);
        // let the fleet settle into its zones so the measurement sees steady state
        for (int i = 0; i < 20_000; i++) {
            evaluate();
        }
    }

    @Benchmark
    public Evaluation evaluate() {
        Telemetry fix = fleet.next();
        int i = fleet.current();
        Evaluation e = engine.evaluate(fleet.states[i], fix, fleet.vehicles[i], arrival);
        fleet.states[i] = e.state();
        return e;
    }

    @Benchmark
    public Telemetry fleetOnly() {
        return fleet.next();
    }

    @Benchmark
    public void zoneIndexCovering(Blackhole bh) {
        Telemetry fix = fleet.next();
        bh.consume(index.covering(fix.longitude(), fix.latitude()));
    }
}
