package org.deepseaguard.hub.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.store.AcknowledgementRepository;
import org.deepseaguard.hub.store.EvidenceRepository;
import org.deepseaguard.hub.store.EvidenceRepository.StoredVersion;
import org.deepseaguard.hub.store.ReportRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an evidence package holds from the database, read in one read-only, repeatable-read
 * transaction (one consistent state): a vehicle's violation episodes overlapping [from, to) with
 * their acknowledgements, its zone events in the period, and the zone and rule versions that
 * judged them. Thread-safe.
 */
@Service
public class EvidenceService {

    /**
     * @param violations the episodes overlapping the period, by start
     * @param events     the zone events of the period, oldest first
     * @param zones      every zone version a violation names, and the version in force at each event,
     *                   by zone id then version
     * @param rules      every rule version a violation names, by rule id then version
     */
    public record Evidence(List<ViolationService.AcknowledgedViolation> violations, List<ZoneEvent> events,
                           Map<String, Map<Integer, StoredVersion>> zones,
                           Map<String, Map<Integer, StoredVersion>> rules) {
    }

    private final ReportRepository reports;
    private final EvidenceRepository evidence;
    private final AcknowledgementRepository acknowledgements;
    private final TransactionTemplate readOnly;

    public EvidenceService(ReportRepository reports, EvidenceRepository evidence,
                           AcknowledgementRepository acknowledgements, PlatformTransactionManager transactions) {
        this.reports = reports;
        this.evidence = evidence;
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

            Map<String, Map<Integer, StoredVersion>> zones = new TreeMap<>();
            Map<String, Map<Integer, StoredVersion>> rules = new TreeMap<>();
            for (Violation v : episodes) {
                if (v.zoneId() != null) {
                    evidence.zoneVersion(v.zoneId(), v.zoneVersion()).ifPresent(z -> put(zones, z));
                }
                evidence.ruleVersion(v.ruleId(), v.ruleVersion()).ifPresent(r -> put(rules, r));
            }
            for (ZoneEvent e : events) {
                evidence.zoneVersionAt(e.zoneId(), e.timestamp()).ifPresent(z -> put(zones, z));
            }
            return new Evidence(violations, events, zones, rules);
        });
    }

    private static void put(Map<String, Map<Integer, StoredVersion>> versions, StoredVersion version) {
        versions.computeIfAbsent(version.id(), id -> new TreeMap<>()).put(version.version(), version);
    }
}
