package org.deepseaguard.hub.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.store.AcknowledgementRepository;
import org.deepseaguard.hub.store.EvidenceRepository;
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
     */
    public record Evidence(List<ViolationService.AcknowledgedViolation> violations, List<ZoneEvent> events,
                           Map<String, Map<Integer, StoredVersion<String>>> zones,
                           Map<String, Map<Integer, StoredVersion<String>>> rules,
                           Map<Integer, StoredVersion<Vehicle>> registrations) {
    }

    private final ReportRepository reports;
    private final EvidenceRepository evidence;
    private final ZoneRepository zoneVersions;
    private final RuleRepository ruleVersions;
    private final VehicleRepository registrations;
    private final AcknowledgementRepository acknowledgements;
    private final TransactionTemplate readOnly;

    public EvidenceService(ReportRepository reports, EvidenceRepository evidence, ZoneRepository zoneVersions,
                           RuleRepository ruleVersions, VehicleRepository registrations,
                           AcknowledgementRepository acknowledgements, PlatformTransactionManager transactions) {
        this.reports = reports;
        this.evidence = evidence;
        this.zoneVersions = zoneVersions;
        this.ruleVersions = ruleVersions;
        this.registrations = registrations;
        this.acknowledgements = acknowledgements;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    public Evidence collect(String auvId, Instant from, Instant to) {
        return readOnly.execute(status -> {
            List<Violation> episodes = new ArrayList<>();
            reports.violations(auvId, from, to, episodes::add);
            Map<String, Acknowledgement> acks = acknowledgements.find(episodes.stream().map(Violation::violationId).toList());
            List<ViolationService.AcknowledgedViolation> violations = episodes.stream()
                    .map(v -> new ViolationService.AcknowledgedViolation(v, acks.get(v.violationId()))).toList();
            List<ZoneEvent> events = evidence.events(auvId, from, to);

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
            for (ZoneEvent e : events) {
                evidence.zoneVersionAt(e.zoneId(), e.timestamp()).ifPresent(z -> put(zones, e.zoneId(), z));
            }
            return new Evidence(violations, events, zones, rules, registered);
        });
    }

    private static <T> void put(Map<String, Map<Integer, StoredVersion<T>>> versions, String id, StoredVersion<T> version) {
        versions.computeIfAbsent(id, k -> new TreeMap<>()).put(version.version(), version);
    }
}
