package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.hub.store.StoredVersion;
import org.deepseaguard.hub.store.ZoneRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes and deletes zones: validate (core), give the next version, persist in one
 * transaction (all or nothing), then swap the new zone set into the engine. Ingestion never
 * waits: the engine keeps judging with the old index until the swap. Changes are serialised.
 * Reads come from the engine's current index.
 */
@Service
public class ZoneService {

    /** The change count of the last {@link #reloadIfChanged}; -1 before the first. */
    private long loadedChanges = -1;
    private final ZoneRepository repository;
    private final ZoneCodec codec;
    private final ComplianceEngine engine;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    public ZoneService(ZoneRepository repository, ZoneCodec codec, ComplianceEngine engine, TransactionTemplate tx,
                       Clock clock, ApplicationEventPublisher events, AuditLog audit) {
        this.repository = repository;
        this.codec = codec;
        this.engine = engine;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
    }

    /**
     * Reads every zone from the database again and swaps them into the engine: how a change made by
     * another hub instance is applied here (messaging backbone, exchange {@code zone_updates}).
     * Idempotent.
     */
    /**
     * Reloads unless no change was made since the last reload here (the count of version rows is the
     * same): a burst of broadcast change messages (an import of 57 zones) costs one reload, not 57.
     */
    public synchronized void reloadIfChanged() {
        long changes = repository.changeCount();
        if (changes != loadedChanges) {
            reload();
            loadedChanges = changes;
        }
    }

    public synchronized void reload() {
        engine.updateZones(repository.findAll().stream().map(codec::fromStored).toList());
    }

    public List<Zone> all() {
        return engine.zoneIndex().zones();
    }

    public Optional<Zone> find(String zoneId) {
        return engine.zoneIndex().get(zoneId);
    }

    public Zone get(String zoneId) {
        return find(zoneId).orElseThrow(() -> new NotFoundException("zone", zoneId));
    }

    /**
     * Creates or replaces every zone of a Feature or FeatureCollection, or none. A zone id that
     * exists is replaced as its next version (change {@code updated}); a new id starts at the
     * version after its last one (1, or more for a zone re-created after deletion; change
     * {@code created}).
     *
     * @param source when not null, the provenance text given to every zone
     * @param actor  who makes the change (audit log)
     * @throws InvalidInputException naming each bad feature/field
     */
    public synchronized List<Zone> create(JsonNode featureOrCollection, PropertyMapping mapping, String source,
                                          AuditActor actor) {
        return create(featureOrCollection, mapping, source, IfMatch.NONE, actor);
    }

    /**
     * As {@link #create(JsonNode, PropertyMapping, String, AuditActor)}, with an {@code If-Match} precondition
     * on the one zone given (it must exist at a matching version).
     *
     * @throws InvalidInputException       with a precondition and more than one zone
     * @throws PreconditionFailedException when the precondition does not hold
     */
    public synchronized List<Zone> create(JsonNode featureOrCollection, PropertyMapping mapping, String source,
                                          IfMatch ifMatch, AuditActor actor) {
        List<Zone> read = GeoJsonZones.read(featureOrCollection, mapping);
        List<Zone> zones = source == null ? read : read.stream().map(z -> withSource(z, source)).toList();
        if (!ifMatch.isNone() && zones.size() != 1) {
            throw new InvalidInputException("If-Match", "applies to one zone; the request holds " + zones.size());
        }
        return upsert(zones, repository.existing(zones.stream().map(Zone::zoneId).toList()), ifMatch, actor);
    }

    /** Creates those of {@code zones} whose ids do not exist yet (idempotent loading, e.g. the demo). */
    public synchronized List<Zone> createAbsent(List<Zone> zones) {
        Set<String> existing = repository.existing(zones.stream().map(Zone::zoneId).toList());
        return upsert(zones.stream().filter(z -> !existing.contains(z.zoneId())).toList(), Set.of(), IfMatch.NONE,
                AuditActor.SYSTEM);
    }

    /**
     * Gives the zones their next versions, stores them in one transaction (replacing those whose ids
     * are in {@code existing}, inserting the others), then swaps them in.
     */
    private List<Zone> upsert(List<Zone> zones, Set<String> existing, IfMatch ifMatch, AuditActor actor) {
        if (zones.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Zone> stored = tx.execute(status -> {
            List<AuditLog.Record> audited = new ArrayList<>(zones.size());
            List<Zone> versions = zones.stream().map(z -> {
                if (!ifMatch.isNone()) {
                    ifMatch.check("zone", z.zoneId(), repository.lockVersion(z.zoneId()));
                }
                Zone versioned = z.withVersion(repository.lastVersion(z.zoneId()) + 1);
                ZoneRepository.ZoneRow row = codec.toRow(versioned);
                boolean update = existing.contains(z.zoneId());
                if (update) {
                    repository.update(row, now);
                } else {
                    repository.insert(row, now);
                }
                audited.add(auditRecord(update ? "updated" : "created", row));
                return versioned;
            }).toList();
            audit.append(actor, audited);
            return versions;
        });
        swap(stored, List.of());
        stored.forEach(z -> events.publishEvent(ConfigurationChanged.zone(z.zoneId(), z.version(),
                existing.contains(z.zoneId()) ? "updated" : "created")));
        return stored;
    }

    /**
     * Replaces a zone with the Feature given; its version grows by one.
     *
     * @throws NotFoundException     for an unknown zone
     * @throws InvalidInputException for a bad feature or a {@code zone_id} that contradicts the path
     */
    public synchronized Zone update(String zoneId, JsonNode feature, AuditActor actor) {
        return update(zoneId, feature, IfMatch.NONE, actor);
    }

    /**
     * Replaces a zone if {@code ifMatch} holds; the version check and the write are one transaction
     * with the zone's row locked, so of two changes sent with the same version one fails.
     *
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized Zone update(String zoneId, JsonNode feature, IfMatch ifMatch, AuditActor actor) {
        get(zoneId);
        if (!feature.isObject() || !"Feature".equals(feature.path("type").asText())) {
            throw new InvalidInputException("type", "must be a GeoJSON Feature");
        }
        ObjectNode copy = feature.deepCopy();
        JsonNode properties = copy.get("properties");
        if (properties == null || !properties.isObject()) {
            properties = copy.putObject("properties");
        }
        JsonNode givenId = properties.get("zone_id");
        if (givenId == null || givenId.isNull()) {
            ((ObjectNode) properties).put("zone_id", zoneId);
        } else if (!zoneId.equals(givenId.asText())) {
            throw new InvalidInputException("properties.zone_id", "must match the zone id in the path ('" + zoneId + "')");
        }
        Zone read = GeoJsonZones.read(copy, PropertyMapping.NATIVE).get(0);
        Instant now = clock.instant();
        Zone updated = tx.execute(status -> {
            Zone versioned = read.withVersion(lockedVersion(zoneId, ifMatch) + 1);
            ZoneRepository.ZoneRow row = codec.toRow(versioned);
            repository.update(row, now);
            audit.append(actor, List.of(auditRecord("updated", row)));
            return versioned;
        });
        swap(List.of(updated), List.of());
        events.publishEvent(ConfigurationChanged.zone(zoneId, updated.version(), "updated"));
        return updated;
    }

    /** @throws NotFoundException for an unknown zone */
    public synchronized void delete(String zoneId, AuditActor actor) {
        delete(zoneId, IfMatch.NONE, actor);
    }

    /**
     * Deletes a zone if {@code ifMatch} holds (checked and written in one transaction); the
     * deletion is its next version.
     *
     * @throws NotFoundException           for an unknown zone
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized void delete(String zoneId, IfMatch ifMatch, AuditActor actor) {
        Zone current = get(zoneId);
        Instant now = clock.instant();
        int deletion = tx.execute(status -> {
            int version = lockedVersion(zoneId, ifMatch) + 1;
            repository.delete(zoneId, version, now);
            audit.append(actor, List.of(audit.zone("deleted", zoneId, version, current.name(),
                    current.zoneType().wireName(), null)));
            return version;
        });
        swap(List.of(), List.of(zoneId));
        events.publishEvent(ConfigurationChanged.zone(zoneId, deletion, "deleted"));
    }

    private AuditLog.Record auditRecord(String change, ZoneRepository.ZoneRow row) {
        return audit.zone(change, row.zoneId(), row.version(), row.name(), row.zoneType(), row.feature());
    }

    /** The zone's stored version, its row locked for this transaction, after checking {@code ifMatch}. */
    private int lockedVersion(String zoneId, IfMatch ifMatch) {
        Integer current = repository.lockVersion(zoneId);
        if (current == null) {
            throw new NotFoundException("zone", zoneId);
        }
        ifMatch.check("zone", zoneId, current);
        return current;
    }

    /**
     * Every version of the zone, oldest first, deleted zones included.
     *
     * @throws NotFoundException for a zone id never used
     */
    public List<StoredVersion<String>> versions(String zoneId) {
        List<StoredVersion<String>> versions = repository.versions(zoneId);
        if (versions.isEmpty()) {
            throw new NotFoundException("zone", zoneId);
        }
        return versions;
    }

    /**
     * One version of the zone.
     *
     * @throws NotFoundException when the zone never had that version
     */
    public StoredVersion<String> version(String zoneId, int version) {
        return repository.version(zoneId, version)
                .orElseThrow(() -> new NotFoundException("zone", zoneId, version, "does not exist"));
    }

    private void swap(List<Zone> upserted, List<String> removed) {
        Map<String, Zone> next = new LinkedHashMap<>();
        engine.zoneIndex().zones().forEach(z -> next.put(z.zoneId(), z));
        removed.forEach(next::remove);
        upserted.forEach(z -> next.put(z.zoneId(), z));
        engine.updateZones(List.copyOf(next.values()));
    }

    /** A copy of {@code z} with another provenance text. */
    public static Zone withSource(Zone z, String source) {
        return new Zone(z.zoneId(), z.name(), z.zoneType(), z.contractId(), z.contractor(), z.authorizedAuvs(),
                z.minDepth(), z.maxDepth(), z.validFrom(), z.validTo(), source, z.geometry(), z.version());
    }
}
