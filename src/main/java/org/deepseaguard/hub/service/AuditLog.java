package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.store.AuditLogRepository;
import org.deepseaguard.hub.store.AuditLogRepository.Head;
import org.deepseaguard.hub.store.AuditLogRepository.Row;
import org.deepseaguard.hub.store.Page;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit log (docs/audit.md). Entries join the transaction of the
 * change they record: {@link #append} locks the chain's head row once, computes the hashes in
 * Java ({@link AuditHash}) and inserts every entry of the call in one JDBC batch, so a change and its
 * entries commit together or not at all, and the chain stays one line across transactions and hub
 * instances. {@code recorded_at} never goes back along the chain (the later of the clock and the
 * head's time), so a time range is a range of seq. Thread-safe.
 */
@Service
public class AuditLog {

    public static final String VIOLATION_OPENED = "violation_opened";
    public static final String VIOLATION_UPDATED = "violation_updated";
    public static final String VIOLATION_CLOSED = "violation_closed";
    public static final String DEAD_LETTER_REPLAYED = "dead_letter_replayed";

    /** How many entries a verification reads at once. */
    static final int VERIFY_PAGE = 1000;

    /** One entry to append: its kind and its JSON payload text (hashed as it is). */
    public record Record(String kind, String payload) {
    }

    /** An entry as the API answers it; {@code payload} is the parsed JSON (the text when not JSON). */
    public record Entry(long seq, Instant recordedAt, String actor, String actorRole, String kind, JsonNode payload,
                        String payloadSha256, String prevSha256, String entrySha256) {
    }

    /** The first entry that failed verification, and why. */
    public record BadEntry(long seq, String reason) {
    }

    /** {@code ok}, the number of entries checked, and the first bad one (null when ok). */
    public record Verification(boolean ok, long entries, BadEntry firstBad) {
    }

    private final AuditLogRepository repository;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;

    public AuditLog(AuditLogRepository repository, ObjectMapper json, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Appends the records, in order, as entries of {@code actor}; nothing at all for none. Must run
     * inside the transaction of the change they record (else {@link IllegalStateException}).
     */
    public void append(AuditActor actor, List<Record> records) {
        if (records.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("audit entries join the transaction of the change they record");
        }
        List<String> payloadHashes = new ArrayList<>(records.size());
        records.forEach(r -> payloadHashes.add(AuditHash.payload(r.payload())));
        Head head = repository.lockHead();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant at = head.lastRecordedAt() != null && head.lastRecordedAt().isAfter(now) ? head.lastRecordedAt() : now;
        long seq = head.lastSeq();
        String prev = head.lastSha256();
        List<Row> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            seq++;
            String entry = AuditHash.entry(seq, at, actor.name(), actor.role(), r.kind(), payloadHashes.get(i), prev);
            rows.add(new Row(seq, at, actor.name(), actor.role(), r.kind(), r.payload(), payloadHashes.get(i), prev, entry));
            prev = entry;
        }
        repository.append(rows);
    }

    /**
     * Records one entry of any kind (e.g. {@code violation_acknowledged}, alert delivery outcomes):
     * in the current transaction when there is one, else in a transaction of its own.
     */
    public void record(AuditActor actor, String kind, Object payload) {
        Record record = record(kind, payload);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            append(actor, List.of(record));
        } else {
            tx.executeWithoutResult(status -> append(actor, List.of(record)));
        }
    }

    /** Runs {@code change} in a transaction (joining the current one when there is one). */
    public <T> T inTransaction(Supplier<T> change) {
        return tx.execute(status -> change.get());
    }

    /** A record whose payload is {@code payload} as JSON (the hub's snake_case mapper). */
    public Record record(String kind, Object payload) {
        try {
            return new Record(kind, payload instanceof String text ? text : json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit payload of " + kind + " is not JSON-serialisable", e);
        }
    }

    /**
     * The violation transitions of a batch, one record per transition: {@code violation_opened} with
     * the episode as it opened, {@code violation_updated} for an episode the batch continued and left
     * open (as it is at the end of the batch), {@code violation_closed} as it closed. An episode opened
     * and closed within the batch (late and inferred ones too) gets both. Payload: the violation's
     * fields and {@code source} (where the fix came from, {@code watchdog} for the watchdog).
     */
    public List<Record> violationTransitions(List<FixResult> results) {
        Map<String, Violation> opened = new LinkedHashMap<>();
        Map<String, Violation> continued = new LinkedHashMap<>();
        Map<String, Violation> closed = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (FixResult r : results) {
            Evaluation ev = r.evaluation();
            for (Violation v : ev.opened()) {
                opened.put(v.violationId(), v);
                sources.putIfAbsent(v.violationId(), r.source());
                if (!v.isOpen()) {
                    closed.put(v.violationId(), v);
                }
            }
            for (Violation v : ev.continued()) {
                continued.put(v.violationId(), v);
                sources.putIfAbsent(v.violationId(), r.source());
            }
            for (Violation v : ev.closed()) {
                closed.put(v.violationId(), v);
                sources.putIfAbsent(v.violationId(), r.source());
            }
        }
        List<Record> records = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String id = e.getKey();
            if (opened.containsKey(id)) {
                records.add(violation(VIOLATION_OPENED, opened.get(id), e.getValue()));
            }
            if (closed.containsKey(id)) {
                records.add(violation(VIOLATION_CLOSED, closed.get(id), e.getValue()));
            } else if (continued.containsKey(id)) {
                records.add(violation(VIOLATION_UPDATED, continued.get(id), e.getValue()));
            }
        }
        return records;
    }

    private Record violation(String kind, Violation v, String source) {
        ObjectNode payload = json.valueToTree(v);
        payload.put("source", source);
        return new Record(kind, payload.toString());
    }

    /** {@code zone_created|zone_updated|zone_deleted}: id, version, name, type and the SHA-256 of the stored Feature. */
    public Record zone(String change, String zoneId, int version, String name, String zoneType, String feature) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("zone_id", zoneId);
        payload.put("version", version);
        payload.put("name", name);
        payload.put("zone_type", zoneType);
        payload.put("feature_sha256", feature == null ? null : AuditHash.payload(feature));
        return record("zone_" + change, payload);
    }

    /** {@code rule_created|rule_updated|rule_deleted}: id, version and the stored definition (null when deleted). */
    public Record rule(String change, String ruleId, int version, String definition) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rule_id", ruleId);
        payload.put("version", version);
        payload.put("rule", definition == null ? null : readTree(definition));
        return record("rule_" + change, payload);
    }

    /** {@code vehicle_registered|vehicle_updated}: the registration as stored. */
    public Record vehicle(boolean created, Object vehicle) {
        return record(created ? "vehicle_registered" : "vehicle_updated", vehicle);
    }

    /** Entries ascending by seq, payloads parsed. */
    public Page<Entry> find(AuditLogRepository.Query query) {
        Page<Row> rows = repository.find(query);
        return new Page<>(rows.items().stream().map(this::entry).toList(), rows.total());
    }

    /**
     * Checks the chain over the entries recorded in [from, to) (either may be null), page by page.
     * The first entry links to the stored hash of the entry before it (trusted), or to
     * {@link AuditHash#GENESIS} for entry 1. Without {@code to} the check runs up to the head row
     * as it was when the check began, and the head must name the last entry and its hash.
     */
    public Verification verify(Instant from, Instant to) {
        Head head = to == null ? repository.head() : null;
        long[] range = repository.seqRange(from, to);
        long first;
        long last;
        if (head != null) {
            last = head.lastSeq();
            if (range == null || range[0] > last) {
                return headOnly(head);
            }
            first = from == null ? 1 : range[0];
        } else {
            if (range == null) {
                return new Verification(true, 0, null);
            }
            first = from == null ? 1 : range[0];
            last = range[1];
        }
        String prev;
        if (first == 1) {
            prev = AuditHash.GENESIS;
        } else {
            prev = repository.entrySha256(first - 1);
            if (prev == null) {
                return new Verification(false, 0, new BadEntry(first - 1, "sequence gap"));
            }
        }
        long expected = first;
        long checked = 0;
        while (expected <= last) {
            List<Row> page = repository.page(expected - 1, last, VERIFY_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Row r : page) {
                if (r.seq() != expected) {
                    return new Verification(false, checked, new BadEntry(expected, "sequence gap"));
                }
                checked++;
                String reason = check(r, prev);
                if (reason != null) {
                    return new Verification(false, checked, new BadEntry(r.seq(), reason));
                }
                prev = r.entrySha256();
                expected++;
            }
        }
        if (expected <= last) {
            return new Verification(false, checked, new BadEntry(expected, "sequence gap"));
        }
        if (head != null && !head.lastSha256().equals(prev)) {
            return new Verification(false, checked, new BadEntry(last, "head does not match entry " + last));
        }
        return new Verification(true, checked, null);
    }

    /** Nothing to check in the range: the head must still name an entry with its hash. */
    private Verification headOnly(Head head) {
        if (head.lastSeq() == 0) {
            return new Verification(true, 0, null);
        }
        String stored = repository.entrySha256(head.lastSeq());
        if (stored == null) {
            return new Verification(false, 0, new BadEntry(head.lastSeq(), "sequence gap"));
        }
        return stored.equals(head.lastSha256()) ? new Verification(true, 0, null)
                : new Verification(false, 0, new BadEntry(head.lastSeq(), "head does not match entry " + head.lastSeq()));
    }

    /** Why {@code r} is bad when the previous entry's hash is {@code prev}; null when it is good. */
    static String check(Row r, String prev) {
        if (!AuditHash.payload(r.payload()).equals(r.payloadSha256())) {
            return "payload hash does not match";
        }
        if (!prev.equals(r.prevSha256())) {
            return "previous hash does not match entry " + (r.seq() - 1);
        }
        String entry = AuditHash.entry(r.seq(), r.recordedAt(), r.actor(), r.actorRole(), r.kind(), r.payloadSha256(),
                r.prevSha256());
        return entry.equals(r.entrySha256()) ? null : "entry hash does not match";
    }

    private Entry entry(Row r) {
        return new Entry(r.seq(), r.recordedAt(), r.actor(), r.actorRole(), r.kind(), readTree(r.payload()),
                r.payloadSha256(), r.prevSha256(), r.entrySha256());
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
