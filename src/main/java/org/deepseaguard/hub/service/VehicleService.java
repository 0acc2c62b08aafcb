package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.store.StoredVersion;
import org.deepseaguard.hub.store.VehicleRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Vehicle registrations (contracts and declared limits). Kept in memory after startup so the
 * pipeline looks a vehicle up without touching the database; every change is written through and
 * announced ({@link ConfigurationChanged}, broadcast to the other instances, which {@link #reload}
 * it from the shared database).
 * A registration is versioned like a zone or rule (1, +1 on every change, every version kept), so a
 * violation judged by it can name the version; a change may carry an {@code If-Match} precondition,
 * checked in the transaction of the write with the vehicle's row locked.
 */
@Service
public class VehicleService {

    static final String AUV_ID_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    private final VehicleRepository repository;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Map<String, Vehicle> vehicles = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    public VehicleService(VehicleRepository repository, Clock clock, TransactionTemplate tx, AuditLog audit,
                          ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.tx = tx;
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
        return register(body, IfMatch.NONE, actor);
    }

    /**
     * As {@link #register(JsonNode, AuditActor)}, if {@code ifMatch} holds for the registration of that id.
     *
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized Vehicle register(JsonNode body, IfMatch ifMatch, AuditActor actor) {
        return store(read(body, null), ifMatch, actor).vehicle();
    }

    /** Registers or replaces the vehicle {@code auvId}; true when it was created. */
    public synchronized boolean put(String auvId, JsonNode body, AuditActor actor) {
        return put(auvId, body, IfMatch.NONE, actor);
    }

    /**
     * Registers or replaces the vehicle {@code auvId} if {@code ifMatch} holds (a precondition on a
     * vehicle not registered never holds); true when it was created.
     *
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized boolean put(String auvId, JsonNode body, IfMatch ifMatch, AuditActor actor) {
        return store(read(body, auvId), ifMatch, actor).created();
    }

    private record Stored(Vehicle vehicle, boolean created) {
    }

    /**
     * Replaces or inserts {@code v} as the registration's next version, in one transaction that
     * locks the row, checks {@code ifMatch} and writes the registration, its version row and its
     * audit entry.
     */
    private Stored store(Vehicle v, IfMatch ifMatch, AuditActor actor) {
        Stored stored = tx.execute(status -> {
            Stored written = write(v, ifMatch);
            audit.append(actor, List.of(audit.vehicle(written.created(), written.vehicle())));
            return written;
        });
        vehicles.put(v.auvId(), stored.vehicle());
        events.publishEvent(ConfigurationChanged.vehicle(v.auvId(), stored.vehicle().version(),
                stored.created() ? "created" : "updated"));
        return stored;
    }

    /**
     * Takes the registration of {@code auvId} as the database has it now: another instance changed
     * it (a broadcast change message, {@code compliance_rules}). Idempotent.
     */
    public void reload(String auvId) {
        repository.find(auvId).ifPresentOrElse(v -> vehicles.put(auvId, v), () -> vehicles.remove(auvId));
    }

    /** Takes every registration as the database has it now (after a reconnection to the broker). */
    public void reloadAll() {
        Map<String, Vehicle> stored = new HashMap<>();
        repository.findAll().forEach(v -> stored.put(v.auvId(), v));
        vehicles.keySet().retainAll(stored.keySet());
        vehicles.putAll(stored);
    }

    private Stored write(Vehicle v, IfMatch ifMatch) {
        Integer current = repository.lockVersion(v.auvId());
        ifMatch.check("vehicle", v.auvId(), current);
        if (current == null && repository.insert(v.withVersion(1), clock.instant())) {
            return new Stored(v.withVersion(1), true);
        }
        // registered (or just registered by another instance): the next version
        int version = (current == null ? repository.lockVersion(v.auvId()) : current) + 1;
        repository.update(v.withVersion(version), clock.instant());
        return new Stored(v.withVersion(version), false);
    }

    /** Registers the vehicle unless its id is known (used by the demo, audited as {@code system}); true when it was registered. */
    public synchronized boolean registerIfAbsent(Vehicle v) {
        Vehicle first = v.withVersion(1);
        if (Boolean.TRUE.equals(tx.execute(status -> {
            boolean added = repository.insert(first, clock.instant());
            if (added) {
                audit.append(AuditActor.SYSTEM, List.of(audit.vehicle(true, first)));
            }
            return added;
        }))) {
            vehicles.put(v.auvId(), first);
            events.publishEvent(ConfigurationChanged.vehicle(v.auvId(), 1, "created"));
            return true;
        }
        return false;
    }

    /**
     * Every version of the registration, oldest first.
     *
     * @throws NotFoundException for a vehicle never registered
     */
    public List<StoredVersion<Vehicle>> versions(String auvId) {
        List<StoredVersion<Vehicle>> versions = repository.versions(auvId);
        if (versions.isEmpty()) {
            throw new NotFoundException("vehicle registration", auvId);
        }
        return versions;
    }

    /**
     * One version of the registration.
     *
     * @throws NotFoundException when the registration never had that version
     */
    public StoredVersion<Vehicle> version(String auvId, int version) {
        return repository.version(auvId, version)
                .orElseThrow(() -> new NotFoundException("vehicle registration", auvId, version, "does not exist"));
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
