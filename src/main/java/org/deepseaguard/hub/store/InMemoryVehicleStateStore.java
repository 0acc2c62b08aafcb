package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.engine.VehicleState;
import org.springframework.stereotype.Component;

/**
 * The working set of vehicle states: concurrent maps in memory, read by the pipeline for every
 * fix, and the per-zone occupancy derived from them. It takes a state only once the database has
 * it (table {@code vehicle_states}, written in the transaction of the batch that made it; see
 * {@link org.deepseaguard.hub.service.ComplianceService}), and is filled from there at startup, so
 * a restart after a crash resumes exactly where the last committed batch left off. In the default
 * profile it is also what the API reads; in profile {@code stack} the API reads the Redis mirror
 * ({@link RedisVehicleStateStore}, primary there). Thread-safe.
 */
@Component
public class InMemoryVehicleStateStore implements VehicleStateStore {

    private final Map<String, VehicleState> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> occupancy = new ConcurrentHashMap<>();

    @Override
    public Optional<VehicleState> load(String auvId) {
        return Optional.ofNullable(states.get(auvId));
    }

    @Override
    public void save(VehicleState state) {
        VehicleState previous = states.put(state.auvId(), state);
        if (previous != null) {
            previous.zoneEntries().keySet().stream()
                    .filter(zoneId -> !state.zoneEntries().containsKey(zoneId))
                    .forEach(zoneId -> occupancy.computeIfPresent(zoneId, (z, auvs) -> {
                        auvs.remove(state.auvId());
                        return auvs.isEmpty() ? null : auvs;
                    }));
        }
        state.zoneEntries().forEach((zoneId, entered) ->
                occupancy.computeIfAbsent(zoneId, z -> new ConcurrentHashMap<>()).put(state.auvId(), entered));
    }

    /**
     * Forgets a vehicle's state and its occupancy (cluster mode: its partition went to another
     * instance, whose commits are the truth from now on).
     */
    public void remove(String auvId) {
        VehicleState previous = states.remove(auvId);
        if (previous != null) {
            previous.zoneEntries().keySet().forEach(zoneId -> occupancy.computeIfPresent(zoneId, (z, auvs) -> {
                auvs.remove(auvId);
                return auvs.isEmpty() ? null : auvs;
            }));
        }
    }

    @Override
    public Set<String> vehicleIds() {
        return Set.copyOf(states.keySet());
    }

    @Override
    public Map<String, Instant> occupants(String zoneId) {
        return new TreeMap<>(occupancy.getOrDefault(zoneId, Map.of()));
    }
}
