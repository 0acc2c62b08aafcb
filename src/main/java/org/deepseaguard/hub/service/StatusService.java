package org.deepseaguard.hub.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.springframework.stereotype.Service;

/**
 * Vehicle status: {@code unknown} before the first fix, {@code dark} while a telemetry-gap episode is
 * open (or, when {@code deepseaguard.dark-after} is set, no fix has arrived for that long, wall
 * clock), {@code violation} while any other episode is open, {@code compliant} otherwise.
 */
@Service
public class StatusService {

    private final VehicleStateStore states;
    private final VehicleService vehicles;
    private final ZoneService zones;
    private final Clock clock;
    private final DeepSeaGuardProperties properties;

    public StatusService(VehicleStateStore states, VehicleService vehicles, ZoneService zones, Clock clock,
                         DeepSeaGuardProperties properties) {
        this.states = states;
        this.vehicles = vehicles;
        this.zones = zones;
        this.clock = clock;
        this.properties = properties;
    }

    /** Every registered vehicle and every vehicle that sent a fix, by id. */
    public List<AuvStatus> all() {
        TreeSet<String> ids = new TreeSet<>(states.vehicleIds());
        vehicles.all().forEach(v -> ids.add(v.auvId()));
        return ids.stream().map(id -> status(id, states.load(id).orElse(null))).toList();
    }

    /** @throws NotFoundException when the vehicle is neither registered nor ever seen */
    public AuvStatus get(String auvId) {
        Optional<VehicleState> state = states.load(auvId);
        if (state.isEmpty() && vehicles.find(auvId).isEmpty()) {
            throw new NotFoundException("vehicle", auvId);
        }
        return status(auvId, state.orElse(null));
    }

    private AuvStatus status(String auvId, VehicleState state) {
        if (state == null || state.lastFix() == null) {
            return new AuvStatus(auvId, "unknown", List.of(), null, null, 0);
        }
        Telemetry last = state.lastFix();
        List<AuvStatus.CurrentZone> current = state.zoneEntries().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new AuvStatus.CurrentZone(e.getKey(),
                        zones.find(e.getKey()).map(z -> z.zoneType().wireName()).orElse(null), e.getValue()))
                .toList();
        return new AuvStatus(auvId, statusOf(state), current, last.timestamp(),
                new AuvStatus.Position(last.latitude(), last.longitude(), last.depth()), state.openViolations().size());
    }

    /**
     * The status of a vehicle in {@code state} (one that has a fix): {@code dark}, {@code violation}
     * or {@code compliant}, as {@code GET /auvs} tells it.
     */
    public String statusOf(VehicleState state) {
        Instant now = clock.instant();
        Duration darkAfter = properties.darkAfter();
        boolean silent = darkAfter != null && state.lastArrival() != null && state.lastArrival().plus(darkAfter).isBefore(now);
        boolean gapOpen = state.openViolations().values().stream().anyMatch(v -> v.ruleType() == RuleType.TELEMETRY_GAP);
        if (silent || gapOpen) {
            return "dark";
        }
        return state.openViolations().isEmpty() ? "compliant" : "violation";
    }
}
