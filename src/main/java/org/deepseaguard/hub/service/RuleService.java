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
import org.deepseaguard.hub.store.StoredVersion;
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
        return create(objectOrArray, IfMatch.NONE, actor);
    }

    /**
     * As {@link #create(JsonNode, AuditActor)}, with an {@code If-Match} precondition on the one rule given (it
     * must exist at a matching version).
     *
     * @throws InvalidInputException       with a precondition and more than one rule
     * @throws PreconditionFailedException when the precondition does not hold
     */
    public synchronized List<Rule> create(JsonNode objectOrArray, IfMatch ifMatch, AuditActor actor) {
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
        if (!ifMatch.isNone() && read.size() != 1) {
            throw new InvalidInputException("If-Match", "applies to one rule; the request holds " + read.size());
        }
        Set<String> existing = Set.copyOf(seen.stream().filter(repository::exists).toList());
        Instant now = clock.instant();
        List<Rule> stored = tx.execute(status -> {
            List<AuditLog.Record> audited = new ArrayList<>(read.size());
            List<Rule> versions = read.stream().map(r -> {
                if (!ifMatch.isNone()) {
                    ifMatch.check("rule", r.ruleId(), repository.lockVersion(r.ruleId()));
                }
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
        return update(ruleId, object, IfMatch.NONE, actor);
    }

    /**
     * Replaces a rule if {@code ifMatch} holds; the version check and the write are one transaction
     * with the rule's row locked, so of two changes sent with the same version one fails.
     *
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized Rule update(String ruleId, JsonNode object, IfMatch ifMatch, AuditActor actor) {
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
        Rule stored = tx.execute(status -> {
            // the version read while validating was the in-memory one; the stored row decides
            Rule versioned = updated.withVersion(lockedVersion(ruleId, ifMatch) + 1);
            RuleRepository.RuleRow row = row(versioned);
            repository.update(row, now);
            audit.append(actor, List.of(audit.rule("updated", ruleId, row.version(), row.definition())));
            return versioned;
        });
        swap(List.of(stored), null);
        events.publishEvent(ConfigurationChanged.rule(ruleId, stored.version(), "updated"));
        return stored;
    }

    /** @throws NotFoundException for an unknown rule */
    public synchronized void delete(String ruleId, AuditActor actor) {
        delete(ruleId, IfMatch.NONE, actor);
    }

    /**
     * Deletes a rule if {@code ifMatch} holds (checked and written in one transaction); the
     * deletion is its next version.
     *
     * @throws NotFoundException           for an unknown rule
     * @throws PreconditionFailedException when the precondition does not hold (nothing changed)
     */
    public synchronized void delete(String ruleId, IfMatch ifMatch, AuditActor actor) {
        get(ruleId);
        Instant now = clock.instant();
        int deletion = tx.execute(status -> {
            int version = lockedVersion(ruleId, ifMatch) + 1;
            repository.delete(ruleId, version, now);
            audit.append(actor, List.of(audit.rule("deleted", ruleId, version, null)));
            return version;
        });
        swap(List.of(), ruleId);
        events.publishEvent(ConfigurationChanged.rule(ruleId, deletion, "deleted"));
    }

    /** The rule's stored version, its row locked for this transaction, after checking {@code ifMatch}. */
    private int lockedVersion(String ruleId, IfMatch ifMatch) {
        Integer current = repository.lockVersion(ruleId);
        if (current == null) {
            throw new NotFoundException("rule", ruleId);
        }
        ifMatch.check("rule", ruleId, current);
        return current;
    }

    /**
     * Every version of the rule, oldest first, deleted rules included.
     *
     * @throws NotFoundException for a rule id never used
     */
    public List<StoredVersion<String>> versions(String ruleId) {
        List<StoredVersion<String>> versions = repository.versions(ruleId);
        if (versions.isEmpty()) {
            throw new NotFoundException("rule", ruleId);
        }
        return versions;
    }

    /**
     * One version of the rule.
     *
     * @throws NotFoundException when the rule never had that version
     */
    public StoredVersion<String> version(String ruleId, int version) {
        return repository.version(ruleId, version)
                .orElseThrow(() -> new NotFoundException("rule", ruleId, version, "does not exist"));
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
