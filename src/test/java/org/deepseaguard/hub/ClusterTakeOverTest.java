package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.hub.service.ComplianceService;
import org.deepseaguard.hub.store.InMemoryVehicleStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cluster mode's hand-over of vehicles ({@link ComplianceService#takeOver}, called by the Kafka
 * consumer's rebalance listener; the whole of cluster mode runs in ClusterIT): the working set
 * becomes exactly the owned vehicles, each as the database holds it, zone occupancy included.
 */
class ClusterTakeOverTest extends HubTestSupport {

    @Autowired
    ComplianceService compliance;
    @Autowired
    InMemoryVehicleStateStore states;

    @Test
    void theWorkingSetBecomesTheOwnedVehiclesAsTheDatabaseHoldsThem() {
        String zone = id("Z-TAKE");
        String kept = id("AUV-TAKE-KEPT");
        String handedOver = id("AUV-TAKE-GONE");
        assertThat(http.post("/api/v1/zones", squareZone(zone, "impact_reference_zone", 20.0, 20.0, 1.0)).status()).isEqualTo(201);
        for (String auvId : new String[] {kept, handedOver}) {
            assertThat(http.post("/api/v1/telemetry", fix(auvId, ago(60), 20.5, 20.5, 100)).status()).isEqualTo(202);
            assertThat(http.post("/api/v1/telemetry", fix(auvId, ago(50), 20.6, 20.5, 100)).status()).isEqualTo(202);
        }
        VehicleState keptBefore = states.load(kept).orElseThrow();
        VehicleState handedOverBefore = states.load(handedOver).orElseThrow();
        assertThat(keptBefore.zoneEntries()).containsKey(zone);
        try {
            int owned = compliance.takeOver(kept::equals);

            assertThat(owned).isEqualTo(1);
            assertThat(states.vehicleIds()).containsExactly(kept);
            assertThat(states.load(kept)).as("read back from the database as committed").contains(keptBefore);
            assertThat(states.occupants(zone).keySet()).containsExactly(kept);
        } finally {
            // this context's other tests find every vehicle again
            compliance.takeOver(auvId -> true);
        }
        assertThat(states.vehicleIds()).containsAll(Set.of(kept, handedOver));
        assertThat(states.load(handedOver)).contains(handedOverBefore);
        assertThat(states.occupants(zone).keySet()).containsExactlyInAnyOrder(kept, handedOver);
    }
}
