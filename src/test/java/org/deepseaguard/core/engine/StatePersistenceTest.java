package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/** A hub restart: the state goes to a store and back, and evaluation resumes identically. */
class StatePersistenceTest {

    private final ComplianceEngine engine = new ComplianceEngine(
            List.of(zone("PRZ-1", ZoneType.PRESERVATION_REFERENCE_ZONE, box(-119.5, 10.0, -119.0, 10.5)),
                    zone("APEI-07", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5))),
            List.of(rule("R-DWELL", RuleType.MAX_DWELL).maxDwell(600).build(),
                    rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI).build(),
                    rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(300).build()));

    private VehicleState stateMidway() {
        Replay r = new Replay(engine);
        r.feed(new Telemetry(Fixtures.AUV, Fixtures.at(0), 10.2, -119.3, 4000, 92.0, 1.2, 0.8, "M-17"));
        r.feed(fix(400, -119.3, 10.2, 4000));
        r.feed(fix(1000, -119.3, 10.2, 4000)); // dwell and gap episodes open
        assertThat(r.state.openViolations()).hasSize(2);
        assertThat(r.state.zoneEntries()).hasSize(1);
        return r.state;
    }

    private void assertResumesIdentically(VehicleState original, VehicleState restored) {
        assertThat(restored).isEqualTo(original);
        Telemetry[] next = {fix(1100, -119.3, 10.2, 4000), fix(1200, -117.3, 10.2, 4000), fix(1000, -117.3, 10.2, 0),
                fix(1300, -116.0, 10.2, 4000)};
        VehicleState a = original;
        VehicleState b = restored;
        for (Telemetry f : next) {
            Evaluation ea = engine.evaluate(a, f, null, f.timestamp());
            Evaluation eb = engine.evaluate(b, f, null, f.timestamp());
            assertThat(eb).isEqualTo(ea);
            a = ea.state();
            b = eb.state();
        }
    }

    @Test
    void roundTripsThroughJackson() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        VehicleState state = stateMidway();
        String text = json.writeValueAsString(state);
        VehicleState restored = json.readValue(text, VehicleState.class);
        assertResumesIdentically(state, restored);
    }

    @Test
    void roundTripsThroughJavaSerialisation() throws Exception {
        VehicleState state = stateMidway();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        VehicleState restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (VehicleState) in.readObject();
        }
        assertResumesIdentically(state, restored);
    }

    @Test
    void theInitialStateRoundTripsToo() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        VehicleState initial = VehicleState.initial("AUV-001");
        assertThat(json.readValue(json.writeValueAsString(initial), VehicleState.class)).isEqualTo(initial);
    }
}
