package org.deepseaguard.hub.service;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;

/**
 * One vehicle's compliance report over [from, to) ({@code GET /reports/compliance?auv_id=}), every
 * figure derived from the stored fixes, zone events and violations (see {@link ComplianceReports}).
 * Durations are seconds (decimal: times are kept to the microsecond), distances metres (geodesic,
 * WGS 84), times UTC. Immutable and thread-safe.
 *
 * @param fixes      applied fixes in the period ({@code fix_log.late = false})
 * @param firstFix   time of the first of them, null when none
 * @param lastFix    time of the last of them, null when none
 * @param distanceM  sum of the geodesic distances between consecutive applied fixes in the period
 *                   (the leg from the last fix before {@code from} is not counted)
 * @param zones      by zone id
 * @param zoneTypes  by zone type, each the sum of its zones
 */
public record ComplianceReport(String auvId, Instant from, Instant to, Instant generatedAt,
                               long fixes, Instant firstFix, Instant lastFix, double distanceM,
                               List<ZoneFigures> zones, List<ZoneTypeFigures> zoneTypes,
                               Violations violations, Gaps gaps) {

    /**
     * Time in one zone: {@code entries}/{@code exits} are the events in the period, {@code seconds}
     * the stays clipped to the period. {@code zoneType} is the zone's current type, or that of its
     * last definition when it was deleted (null when the hub never stored it).
     */
    public record ZoneFigures(String zoneId, String zoneType, long entries, long exits, double seconds) {
    }

    /** The sum of the zones of one type. */
    public record ZoneTypeFigures(String zoneType, long entries, long exits, double seconds) {
    }

    /** The episodes overlapping the period, totalled by rule (by rule id) and by severity (critical first). */
    public record Violations(long total, List<RuleFigures> byRule, List<SeverityFigures> bySeverity,
                             List<ViolationItem> items) {
    }

    /** The episodes of one rule: how many, and their parts of the period summed. */
    public record RuleFigures(String ruleId, RuleType ruleType, long count, double seconds) {
    }

    /** The episodes of one severity: how many, and their parts of the period summed. */
    public record SeverityFigures(Severity severity, long count, double seconds) {
    }

    /** One episode; {@code seconds} is its part inside the period (until the report's time if still open). */
    public record ViolationItem(String violationId, String ruleId, RuleType ruleType, String zoneId, Severity severity,
                                Violation.Status status, Instant startedAt, Instant endedAt, double seconds) {
    }

    /** Pauses between consecutive applied fixes in the period strictly longer than the threshold. */
    public record Gaps(double thresholdSeconds, long count, double seconds, double longestSeconds, List<Gap> items) {
    }

    /** From one fix to the next. */
    public record Gap(Instant from, Instant to, double seconds) {
    }
}
