package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepseaguard.core.engine.VehicleState;

/**
 * Where the hub keeps each vehicle's state between fixes, and the per-zone occupancy derived from
 * it, chosen by {@code deepseaguard.state-store}. The embedded profile keeps it in memory
 * ({@code memory}, {@link InMemoryVehicleStateStore}); profile {@code stack} backs it with Redis
 * ({@code redis}, {@link RedisVehicleStateStore}: {@code auv:state:<auv_id>},
 * {@code zone:auvs:<zone_id>}, and an id set instead of key scans).
 *
 * <p>Calls for one vehicle are serialised by the caller; implementations must be thread-safe
 * across vehicles. A store that cannot do its work throws (it never answers "no state" for a
 * state it failed to read), so the caller's error handling can retry the fix.
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
