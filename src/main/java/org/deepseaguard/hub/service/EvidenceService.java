package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.store.AuditLogRepository;
import org.deepseaguard.hub.store.EventRepository;
import org.deepseaguard.hub.store.ReportRepository;
import org.deepseaguard.hub.store.RuleRepository;
import org.deepseaguard.hub.store.StoredVersion;
import org.deepseaguard.hub.store.VehicleRepository;
import org.deepseaguard.hub.store.ZoneRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an evidence package holds from the database, read in one read-only, repeatable-read
 * transaction (one consistent state): a vehicle's violation episodes overlapping [from, to) with
 * their acknowledgements, its zone events in the period, and the zone, rule and registration
 * versions that judged them. Thread-safe.
 */
@Service
public class EvidenceService {

    /**
     * @param violations    the episodes overlapping the period, by start
     * @param events        the zone events of the period, oldest first
     * @param zones         every zone version a violation names, and the version in force at each
     *                      event, by zone id then version (content: the Feature as stored)
     * @param rules         every rule version a violation names, by rule id then version (content:
     *                      the rule JSON as stored)
     * @param registrations every registration version of the vehicle a violation names, by version
     * @param audit         the audit entries about the package's content recorded from {@code from}
     *                      (less the tolerated future skew of fixes) until now: the transitions and
     *                      acknowledgements of its violations, the vehicle's registration changes, the
     *                      changes that made its zone and rule versions; by seq
     */
    public record Evidence(List<ViolationService.AcknowledgedViolation> violations, List<ZoneEvent> events,
                           Map<String, Map<Integer, StoredVersion<String>>> zones,
                           Map<String, Map<Integer, StoredVersion<String>>> rules,
                           Map<Integer, StoredVersion<Vehicle>> registrations,
                           List<AuditLogRepository.Row> audit) {
    }

    /** Audit entries read per query while picking the package's. */
    private static final int AUDIT_PAGE = 1000;

    private final ReportRepository reports;
    private final EventRepository events;
    private final ZoneRepository zoneVersions;
    private final RuleRepository ruleVersions;
    private final VehicleRepository registrations;
    private final ViolationService acknowledged;
    private final AuditLogRepository auditLog;
    private final ObjectMapper json;
    private final TransactionTemplate readOnly;
    private final Duration maxFuture;

    public EvidenceService(ReportRepository reports, EventRepository events, ZoneRepository zoneVersions,
                           RuleRepository ruleVersions, VehicleRepository registrations,
                           ViolationService acknowledged, AuditLogRepository auditLog, ObjectMapper json,
                           PlatformTransactionManager transactions, DeepSeaGuardProperties properties) {
        this.reports = reports;
        this.events = events;
        this.zoneVersions = zoneVersions;
        this.ruleVersions = ruleVersions;
        this.registrations = registrations;
        this.acknowledged = acknowledged;
        this.auditLog = auditLog;
        this.json = json;
        this.maxFuture = properties.telemetry().maxFuture();
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public Evidence collect(String auvId, Instant from, Instant to) {
        return readOnly.execute(status -> {
            List<Violation> episodes = new ArrayList<>();
            reports.violations(auvId, from, to, episodes::add);
            List<ViolationService.AcknowledgedViolation> violations = acknowledged.withAcknowledgements(episodes);
            List<ZoneEvent> zoneEvents = events.between(auvId, from, to);

            Map<String, Map<Integer, StoredVersion<String>>> zones = new TreeMap<>();
            Map<String, Map<Integer, StoredVersion<String>>> rules = new TreeMap<>();
            Map<Integer, StoredVersion<Vehicle>> registered = new TreeMap<>();
            for (Violation v : episodes) {
                if (v.zoneId() != null) {
                    zoneVersions.version(v.zoneId(), v.zoneVersion()).ifPresent(z -> put(zones, v.zoneId(), z));
                }
                ruleVersions.version(v.ruleId(), v.ruleVersion()).ifPresent(r -> put(rules, v.ruleId(), r));
                if (v.registrationVersion() != null) {
                    registrations.version(auvId, v.registrationVersion()).ifPresent(r -> registered.put(r.version(), r));
                }
            }
            for (ZoneEvent e : zoneEvents) {
                zoneVersions.versionAt(e.zoneId(), e.timestamp()).ifPresent(z -> put(zones, e.zoneId(), z));
            }
            Set<String> violationIds = episodes.stream().map(Violation::violationId).collect(Collectors.toSet());
            return new Evidence(violations, zoneEvents, zones, rules, registered,
                    audit(auvId, from.minus(maxFuture), violationIds, zones, rules));
        });
    }

    /**
     * The entries recorded since {@code since} that concern the package, read page by page: a fix of
     * the period is recorded no earlier than its time less the future skew, and what happened to its
     * episodes afterwards (closed, acknowledged) belongs to the evidence too.
     */
    private List<AuditLogRepository.Row> audit(String auvId, Instant since, Set<String> violationIds,
                                               Map<String, Map<Integer, StoredVersion<String>>> zones,
                                               Map<String, Map<Integer, StoredVersion<String>>> rules) {
        List<AuditLogRepository.Row> picked = new ArrayList<>();
        long[] range = auditLog.seqRange(since, null);
        if (range == null) {
            return picked;
        }
        long after = range[0] - 1;
        while (after < range[1]) {
            List<AuditLogRepository.Row> page = auditLog.page(after, range[1], AUDIT_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (AuditLogRepository.Row row : page) {
                JsonNode payload = payload(row.payload());
                String kind = row.kind();
                boolean concerns = kind.startsWith("violation_")
                        ? violationIds.contains(payload.path("violation_id").asText())
                        : kind.startsWith("vehicle_") ? auvId.equals(payload.path("auv_id").asText())
                        : kind.startsWith("zone_") ? holds(zones, payload.path("zone_id").asText(), payload.path("version").asInt())
                        : kind.startsWith("rule_") && holds(rules, payload.path("rule_id").asText(), payload.path("version").asInt());
                if (concerns) {
                    picked.add(row);
                }
            }
            after = page.get(page.size() - 1).seq();
        }
        return picked;
    }

    private static boolean holds(Map<String, Map<Integer, StoredVersion<String>>> versions, String id, int version) {
        return versions.getOrDefault(id, Map.of()).containsKey(version);
    }

    private JsonNode payload(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.missingNode();
        }
    }

    private static <T> void put(Map<String, Map<Integer, StoredVersion<T>>> versions, String id, StoredVersion<T> version) {
        versions.computeIfAbsent(id, k -> new TreeMap<>()).put(version.version(), version);
    }
}
