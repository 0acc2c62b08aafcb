package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.hub.store.RuleRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes and deletes rules: validate, give the next version, persist in one
 * transaction (all or nothing), then swap the new rule set into the engine. Changes are
 * serialised; reads come from an immutable snapshot.
 */
@Service
public class RuleService {

    /** The change count of the last {@link #reloadIfChanged}; -1 before the first. */
    private long loadedChanges = -1;
    private final RuleRepository repository;
    private final RuleCodec codec;
    private final ComplianceEngine engine;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private volatile Map<String, Rule> rules;

    public RuleService(RuleRepository repository, RuleCodec codec, ComplianceEngine engine, TransactionTemplate tx,
                       Clock clock, ApplicationEventPublisher events, AuditLog audit) {
        this.repository = repository;
        this.codec = codec;
        this.engine = engine;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
        this.rules = load();
    }

    /**
     * Reads every rule from the database again and swaps them into the engine: how a change made by
     * another hub instance is applied here (messaging backbone, exchange {@code compliance_rules}).
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
        Map<String, Rule> loaded = load();
        engine.updateRules(loaded.values());
        rules = loaded;
    }

    private Map<String, Rule> load() {
        Map<String, Rule> loaded = new TreeMap<>();
        repository.findAll().forEach(r -> loaded.put(r.ruleId(), codec.readStored(r.definition(), r.version())));
        return Collections.unmodifiableMap(loaded);
    }

    public List<Rule> all() {
        return List.copyOf(rules.values());
    }

    public Optional<Rule> find(String ruleId) {
        return Optional.ofNullable(rules.get(ruleId));
    }

    public Rule get(String ruleId) {
        return find(ruleId).orElseThrow(() -> new NotFoundException("rule", ruleId));
    }

    /**
     * Creates or replaces one rule (an object) or several (an array), all or none. A rule id that
     * exists is replaced as its next version (change {@code updated}); a new id starts at the version
     * after its last one (1, or more for a rule re-created after deletion; change {@code created}).
     *
     * @param actor who makes the change (audit log)
     * @throws InvalidInputException naming each bad field ({@code [i].field} for arrays)
     */
    public synchronized List<Rule> create(JsonNode objectOrArray, AuditActor actor) {
        List<FieldError> errors = new ArrayList<>();
        List<Rule> read = new ArrayList<>();
        if (objectOrArray.isArray()) {
            if (objectOrArray.isEmpty()) {
                throw new InvalidInputException("body", "must hold at least one rule");
            }
            for (int i = 0; i < objectOrArray.size(); i++) {
                read.add(codec.read(objectOrArray.get(i), "[" + i + "].", 1, errors));
            }
        } else {
            read.add(codec.read(objectOrArray, "", 1, errors));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < read.size(); i++) {
            Rule r = read.get(i);
            if (r != null && !seen.add(r.ruleId())) {
                errors.add(new FieldError((objectOrArray.isArray() ? "[" + i + "]." : "") + "rule_id",
                        "rule_id '" + r.ruleId() + "' appears more than once"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Set<String> existing = Set.copyOf(seen.stream().filter(repository::exists).toList());
        Instant now = clock.instant();
        List<Rule> stored = tx.execute(status -> {
            List<AuditLog.Record> audited = new ArrayList<>(read.size());
            List<Rule> versions = read.stream().map(r -> {
                Rule versioned = r.withVersion(repository.lastVersion(r.ruleId()) + 1);
                RuleRepository.RuleRow row = row(versioned);
                boolean update = existing.contains(r.ruleId());
                if (update) {
                    repository.update(row, now);
                } else {
                    repository.insert(row, now);
                }
                audited.add(audit.rule(update ? "updated" : "created", row.ruleId(), row.version(), row.definition()));
                return versioned;
            }).toList();
            audit.append(actor, audited);
            return versions;
        });
        swap(stored, null);
        stored.forEach(r -> events.publishEvent(ConfigurationChanged.rule(r.ruleId(), r.version(),
                existing.contains(r.ruleId()) ? "updated" : "created")));
        return stored;
    }

    /**
     * Replaces a rule; its version grows by one.
     *
     * @throws NotFoundException     for an unknown rule
     * @throws InvalidInputException for bad fields or a {@code rule_id} that contradicts the path
     */
    public synchronized Rule update(String ruleId, JsonNode object, AuditActor actor) {
        Rule current = get(ruleId);
        if (object.isObject() && !object.hasNonNull("rule_id")) {
            object = ((ObjectNode) object.deepCopy()).put("rule_id", ruleId);
        }
        List<FieldError> errors = new ArrayList<>();
        Rule updated = codec.read(object, "", current.version() + 1, errors);
        if (updated != null && !updated.ruleId().equals(ruleId)) {
            errors.add(new FieldError("rule_id", "must match the rule id in the path ('" + ruleId + "')"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        RuleRepository.RuleRow row = row(updated);
        tx.executeWithoutResult(status -> {
            repository.update(row, now);
            audit.append(actor, List.of(audit.rule("updated", ruleId, row.version(), row.definition())));
        });
        swap(List.of(updated), null);
        events.publishEvent(ConfigurationChanged.rule(ruleId, updated.version(), "updated"));
        return updated;
    }

    /** @throws NotFoundException for an unknown rule */
    public synchronized void delete(String ruleId, AuditActor actor) {
        Rule current = get(ruleId);
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            repository.delete(ruleId, current.version() + 1, now);
            audit.append(actor, List.of(audit.rule("deleted", ruleId, current.version() + 1, null)));
        });
        swap(List.of(), ruleId);
        events.publishEvent(ConfigurationChanged.rule(ruleId, current.version() + 1, "deleted"));
    }

    private RuleRepository.RuleRow row(Rule r) {
        return new RuleRepository.RuleRow(r.ruleId(), r.type().wireName(), r.severity().wireName(), r.enabled(),
                r.version(), codec.toText(r));
    }

    private void swap(List<Rule> upserted, String removed) {
        Map<String, Rule> next = new TreeMap<>(rules);
        if (removed != null) {
            next.remove(removed);
        }
        upserted.forEach(r -> next.put(r.ruleId(), r));
        engine.updateRules(next.values());
        rules = Collections.unmodifiableMap(next);
    }
}
