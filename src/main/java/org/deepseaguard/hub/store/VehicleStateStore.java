package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepseaguard.core.engine.VehicleState;

/**
 * Where the hub keeps each vehicle's state between fixes, and the per-zone occupancy derived from
 * it. The embedded profile keeps it in memory ({@link InMemoryVehicleStateStore}); a distributed
 * deployment backs it with Redis ({@code auv:state:<auv_id>}, {@code zone:auvs:<zone_id>}, and an
 * id set instead of key scans).
 *
 * <p>Calls for one vehicle are serialised by the caller; implementations must be thread-safe
 * across vehicles.
 */
public interface VehicleStateStore {

    Optional<VehicleState> load(String auvId);

    /** Stores the state and brings the occupancy of the zones it entered or left up to date. */
    void save(VehicleState state);

    /** Every vehicle with a stored state. */
    Set<String> vehicleIds();

    /** The vehicles in a zone now, with their entry times (event time). */
    Map<String, Instant> occupants(String zoneId);
}
