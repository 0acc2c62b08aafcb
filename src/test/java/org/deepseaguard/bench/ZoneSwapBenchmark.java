package org.deepseaguard.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deepseaguard.core.engine.ComplianceEngine;
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

/**
 * The cost of a zone-set change: {@link ComplianceEngine#updateZones} builds a new zone index
 * (prepared geometries, STRtree) and recompiles the rule set for it, then swaps it in. Average time
 * per swap. Evaluation is not blocked meanwhile (it keeps using the previous snapshot).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ZoneSwapBenchmark {

    @Param({"1000", "10000"})
    public int zones;

    private ComplianceEngine engine;
    private List<Zone> world;

    @Setup(Level.Trial)
    public void setUp() {
        world = BenchWorld.zones(zones, 7);
        engine = new ComplianceEngine(world, BenchWorld.rules());
    }

    @Benchmark
    public ComplianceEngine updateZones() {
        engine.updateZones(world);
        return engine;
    }
}
