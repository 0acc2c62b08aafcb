package org.deepseaguard.core.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;

/** Feeds fixes to an engine, carrying the vehicle state along; arrival time = fix time. */
final class Replay {

    private final ComplianceEngine engine;
    private final Vehicle vehicle;
    VehicleState state;
    final List<Evaluation> results = new ArrayList<>();

    Replay(ComplianceEngine engine, Vehicle vehicle) {
        this.engine = engine;
        this.vehicle = vehicle;
        this.state = VehicleState.initial(Fixtures.AUV);
    }

    Replay(ComplianceEngine engine) {
        this(engine, null);
    }

    Evaluation feed(Telemetry fix) {
        return feed(fix, fix.timestamp());
    }

    Evaluation feed(Telemetry fix, Instant arrivedAt) {
        Evaluation e = engine.evaluate(state, fix, vehicle, arrivedAt);
        state = e.state();
        results.add(e);
        return e;
    }
}
