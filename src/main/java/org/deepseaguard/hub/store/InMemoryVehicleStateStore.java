package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.engine.VehicleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The embedded profile's state store: concurrent maps in memory. A snapshot is written to the
 * {@code vehicle_state_snapshots} table at shutdown and read back at startup, so a graceful
 * restart resumes entry times and open episodes (a crash loses the state since the last start).
 * Active unless {@code deepseaguard.state-store} names another implementation; with
 * {@code redis} (profile {@code stack}) this bean, and so its snapshot, does not exist: Redis is
 * the persistent store there ({@link RedisVehicleStateStore}).
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.state-store", havingValue = "memory", matchIfMissing = true)
public class InMemoryVehicleStateStore implements VehicleStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryVehicleStateStore.class);

    private final Map<String, VehicleState> states = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> occupancy = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public InMemoryVehicleStateStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

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

    @Override
    public Set<String> vehicleIds() {
        return Set.copyOf(states.keySet());
    }

    @Override
    public Map<String, Instant> occupants(String zoneId) {
        return new TreeMap<>(occupancy.getOrDefault(zoneId, Map.of()));
    }

    @PostConstruct
    void restoreSnapshot() {
        jdbc.query("SELECT auv_id, state FROM vehicle_state_snapshots", rs -> {
            try {
                save(json.readValue(rs.getString("state"), VehicleState.class));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("Skipping unreadable state snapshot of {}: {}", rs.getString("auv_id"), e.getMessage());
            }
        });
        LOG.info("Restored the state of {} vehicles", states.size());
    }

    @PreDestroy
    void writeSnapshot() {
        Instant now = Instant.now();
        jdbc.update("DELETE FROM vehicle_state_snapshots");
        for (VehicleState state : states.values()) {
            try {
                jdbc.update("INSERT INTO vehicle_state_snapshots (auv_id, state, saved_at) VALUES (?, ?, ?)",
                        state.auvId(), json.writeValueAsString(state), Sql.ts(now));
            } catch (JsonProcessingException e) {
                LOG.warn("Cannot snapshot the state of {}: {}", state.auvId(), e.getMessage());
            }
        }
        LOG.info("Wrote a snapshot of {} vehicle states", states.size());
    }
}
