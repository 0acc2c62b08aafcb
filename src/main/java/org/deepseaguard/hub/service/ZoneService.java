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
        List<Zone> read = GeoJsonZones.read(featureOrCollection, mapping);
        List<Zone> zones = source == null ? read : read.stream().map(z -> withSource(z, source)).toList();
        return upsert(zones, repository.existing(zones.stream().map(Zone::zoneId).toList()), actor);
    }

    /** Creates those of {@code zones} whose ids do not exist yet (idempotent loading, e.g. the demo). */
    public synchronized List<Zone> createAbsent(List<Zone> zones) {
        Set<String> existing = repository.existing(zones.stream().map(Zone::zoneId).toList());
        return upsert(zones.stream().filter(z -> !existing.contains(z.zoneId())).toList(), Set.of(), AuditActor.SYSTEM);
    }

    /**
     * Gives the zones their next versions, stores them in one transaction (replacing those whose ids
     * are in {@code existing}, inserting the others), then swaps them in.
     */
    private List<Zone> upsert(List<Zone> zones, Set<String> existing, AuditActor actor) {
        if (zones.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Zone> stored = tx.execute(status -> {
            List<AuditLog.Record> audited = new ArrayList<>(zones.size());
            List<Zone> versions = zones.stream().map(z -> {
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
        Zone current = get(zoneId);
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
        Zone updated = GeoJsonZones.read(copy, PropertyMapping.NATIVE).get(0).withVersion(current.version() + 1);
        Instant now = clock.instant();
        ZoneRepository.ZoneRow row = codec.toRow(updated);
        tx.executeWithoutResult(status -> {
            repository.update(row, now);
            audit.append(actor, List.of(auditRecord("updated", row)));
        });
        swap(List.of(updated), List.of());
        events.publishEvent(ConfigurationChanged.zone(zoneId, updated.version(), "updated"));
        return updated;
    }

    /** @throws NotFoundException for an unknown zone */
    public synchronized void delete(String zoneId, AuditActor actor) {
        Zone current = get(zoneId);
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            repository.delete(zoneId, current.version() + 1, now);
            audit.append(actor, List.of(audit.zone("deleted", zoneId, current.version() + 1, current.name(),
                    current.zoneType().wireName(), null)));
        });
        swap(List.of(), List.of(zoneId));
        events.publishEvent(ConfigurationChanged.zone(zoneId, current.version() + 1, "deleted"));
    }

    private AuditLog.Record auditRecord(String change, ZoneRepository.ZoneRow row) {
        return audit.zone(change, row.zoneId(), row.version(), row.name(), row.zoneType(), row.feature());
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
