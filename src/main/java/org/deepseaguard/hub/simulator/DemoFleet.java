package org.deepseaguard.hub.simulator;

import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.simulator.SimulatedAuv.Behaviour;

/**
 * The scripted demo fleet over the real ISA zones of the Clarion-Clipperton Zone. Start points
 * were checked against the ISA polygons; the first six make violations within a minute under the
 * demo rules (APEI entry, unauthorised contract area, depth, speed; one goes dark and is flagged by
 * the telemetry-gap watchdog), the others work compliantly inside their own contract areas.
 * Fleets larger than twelve repeat the compliant patrols with small offsets (load generation).
 * Simulated vehicles are named {@code SIM-nnn} so they never collide with real or test vehicles.
 */
final class DemoFleet {

    /** A vehicle's registration and its simulated start. */
    record Member(String auvId, String name, String operator, String contractId, Behaviour behaviour,
                  double latitude, double longitude, double depth, double heading, double speed) {

        Vehicle vehicle() {
            return new Vehicle(auvId, name, operator, List.of(contractId), 3.0, 6000.0);
        }

        SimulatedAuv start() {
            return new SimulatedAuv(auvId, behaviour, latitude, longitude, depth, heading, speed);
        }
    }

    private static final List<Member> SCRIPTED = List.of(
            // 20 m north of APEI-11's northern edge (9.75 N), heading south into it
            new Member("SIM-002", "Strayer 2", "NORI", "NORIPMN1", Behaviour.TRANSIT, 9.75018, -117.0, 4400, 180, 1.8),
            // in TOML E, 15 m west of NORI D (-117.81667), heading east into an area it does not hold
            new Member("SIM-005", "Crosser 5", "TOML", "TOMLPMN1", Behaviour.TRANSIT, 10.5, -117.81681, 4500, 90, 1.5),
            // TOML E, descending past the 6000 m limit within seconds
            new Member("SIM-003", "Diver 3", "TOML", "TOMLPMN1", Behaviour.DIVE, 10.5, -118.4, 5990, 0, 1.0),
            // UKSRL 1, faster than 3 m/s
            new Member("SIM-006", "Sprinter 6", "UK Seabed Resources", "UKSRLPMN1", Behaviour.SPEEDING, 11.5, -115.7, 4600, 45, 3.6),
            // BGR East, goes silent after ten fixes
            new Member("SIM-004", "Silent 4", "BGR", "BGRPMN1", Behaviour.GO_DARK, 12.2, -118.7, 4800, 0, 1.2),
            new Member("SIM-001", "Surveyor 1", "NORI", "NORIPMN1", Behaviour.PATROL, 10.5, -117.0, 4300, 0, 1.2),
            new Member("SIM-007", "Surveyor 7", "NORI", "NORIPMN1", Behaviour.PATROL, 14.7, -121.5, 4350, 90, 1.2),
            new Member("SIM-008", "Ocean Mineral 8", "OMS", "OMSPMN1", Behaviour.PATROL, 14.5, -116.6, 4200, 180, 1.1),
            new Member("SIM-009", "GSR Patania 9", "GSR", "GSRPMN1", Behaviour.PATROL, 15.0, -123.0, 4500, 270, 1.0),
            new Member("SIM-010", "IOM 10", "IOM", "IOMPMN1", Behaviour.PATROL, 12.5, -120.5, 4400, 30, 1.3),
            new Member("SIM-011", "BMJ 11", "BMJ", "BMJPMN1", Behaviour.PATROL, 10.4, -122.75, 4300, 120, 1.2),
            new Member("SIM-012", "DORD 12", "DORD", "DORDPMN1", Behaviour.PATROL, 10.0, -147.5, 5100, 200, 1.1));

    private DemoFleet() {
    }

    /** The first {@code size} members: the scripted twelve, then offset copies of the compliant patrols. */
    static List<Member> members(int size) {
        List<Member> members = new ArrayList<>(SCRIPTED.subList(0, Math.min(size, SCRIPTED.size())));
        List<Member> patrols = SCRIPTED.stream().filter(m -> m.behaviour() == Behaviour.PATROL).toList();
        for (int i = SCRIPTED.size(); i < size; i++) {
            Member template = patrols.get(i % patrols.size());
            double offset = 0.002 * (1 + (i / patrols.size()) % 50);
            members.add(new Member(String.format("SIM-%03d", i + 1), "Patrol " + (i + 1), template.operator(),
                    template.contractId(), Behaviour.PATROL, template.latitude() + offset, template.longitude() + offset,
                    template.depth(), (i * 37) % 360, template.speed()));
        }
        return members;
    }
}
