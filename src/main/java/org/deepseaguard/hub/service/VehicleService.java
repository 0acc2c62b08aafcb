package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.store.VehicleRepository;
import org.springframework.stereotype.Service;

/**
 * Vehicle registrations (contracts and declared limits). Kept in memory after startup so the
 * pipeline looks a vehicle up without touching the database; every change is written through.
 */
@Service
public class VehicleService {

    static final String AUV_ID_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    private final VehicleRepository repository;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, Vehicle> vehicles = new ConcurrentHashMap<>();

    public VehicleService(VehicleRepository repository, Clock clock, AuditLog audit) {
        this.repository = repository;
        this.clock = clock;
        this.audit = audit;
        repository.findAll().forEach(v -> vehicles.put(v.auvId(), v));
    }

    public Optional<Vehicle> find(String auvId) {
        return Optional.ofNullable(vehicles.get(auvId));
    }

    public List<Vehicle> all() {
        return vehicles.values().stream().sorted(Comparator.comparing(Vehicle::auvId)).toList();
    }

    /**
     * Registers a vehicle, or replaces the registration of one registered already (POST is
     * create-or-replace, like {@link #put} without an id in the path).
     *
     * @param actor who makes the change (audit log)
     * @throws InvalidInputException naming each bad field
     */
    public synchronized Vehicle register(JsonNode body, AuditActor actor) {
        Vehicle v = read(body, null);
        store(v, actor);
        return v;
    }

    /** Registers or replaces the vehicle {@code auvId}; true when it was created. */
    public synchronized boolean put(String auvId, JsonNode body, AuditActor actor) {
        return store(read(body, auvId), actor);
    }

    /** Replaces or inserts {@code v} and audits it, in one transaction; true when it was inserted. */
    private boolean store(Vehicle v, AuditActor actor) {
        boolean created = audit.inTransaction(() -> {
            boolean inserted = !repository.update(v, clock.instant()) && repository.insert(v, clock.instant());
            audit.append(actor, List.of(audit.vehicle(inserted, v)));
            return inserted;
        });
        vehicles.put(v.auvId(), v);
        return created;
    }

    /** Registers the vehicle unless its id is known (used by the demo); true when it was registered. */
    public synchronized boolean registerIfAbsent(Vehicle v) {
        boolean inserted = audit.inTransaction(() -> {
            boolean added = repository.insert(v, clock.instant());
            if (added) {
                audit.append(AuditActor.SYSTEM, List.of(audit.vehicle(true, v)));
            }
            return added;
        });
        if (inserted) {
            vehicles.put(v.auvId(), v);
            return true;
        }
        return false;
    }

    private Vehicle read(JsonNode body, String pathId) {
        List<FieldError> errors = new ArrayList<>();
        JsonInput in = new JsonInput(body, "", errors);
        if (!body.isObject()) {
            throw new InvalidInputException(errors);
        }
        String auvId = in.text("auv_id", pathId == null);
        if (auvId == null && pathId != null && !body.hasNonNull("auv_id")) {
            auvId = pathId;
        }
        if (auvId != null && !auvId.matches(AUV_ID_PATTERN)) {
            in.error("auv_id", "must be 1-64 of [A-Za-z0-9_.-]");
        } else if (auvId != null && pathId != null && !auvId.equals(pathId)) {
            in.error("auv_id", "must match the vehicle id in the path ('" + pathId + "')");
        }
        String name = in.text("name", false);
        String operator = in.text("operator", false);
        List<String> contracts = in.strings("contract_ids");
        Double maxSpeed = in.number("max_speed_mps");
        if (maxSpeed != null && maxSpeed <= 0) {
            in.error("max_speed_mps", "must be greater than 0");
        }
        Double maxDepth = in.number("max_depth");
        if (maxDepth != null && (maxDepth < 0 || maxDepth > 11000)) {
            in.error("max_depth", "must be between 0 and 11000");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Vehicle(auvId, name, operator, contracts, maxSpeed, maxDepth);
    }
}
