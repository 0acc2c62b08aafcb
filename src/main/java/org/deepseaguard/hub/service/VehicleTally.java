package org.deepseaguard.hub.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deepseaguard.core.geo.Geodesy;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.ZoneEvent;

/**
 * One vehicle's figures over a {@link ReportPeriod}, accumulated from its rows as they are read:
 * the vehicle report and the fleet summary both feed this class, so their figures are the same by
 * construction. Durations are kept exact ({@link Duration}) and turned into decimal seconds once, at
 * the end. Not thread-safe: one instance per vehicle and report.
 *
 * <p>Feed order: {@link #insideAtStart} for every zone the vehicle was in at {@code from}, then the
 * period's zone events in time order; fixes in time order; violations in any order.
 */
final class VehicleTally {

    private final String auvId;
    private final ReportPeriod period;
    /** Items (gaps, episodes) are kept for the vehicle report only; the fleet needs just the sums. */
    private final boolean keepItems;

    private long fixes;
    private Instant firstFix;
    private Instant lastFix;
    private double lastLatitude;
    private double lastLongitude;
    private double distanceM;

    private long gapCount;
    private Duration gapTotal = Duration.ZERO;
    private Duration longestGap = Duration.ZERO;
    private final List<ComplianceReport.Gap> gaps = new ArrayList<>();

    private final Map<String, ZoneTally> zones = new TreeMap<>();

    private final List<Violation> violations = new ArrayList<>();
    private long violationCount;
    private Duration violationTotal = Duration.ZERO;
    private final Map<String, RuleTally> byRule = new TreeMap<>();
    private final Map<Severity, Tally> bySeverity = new EnumMap<>(Severity.class);

    VehicleTally(String auvId, ReportPeriod period, boolean keepItems) {
        this.auvId = auvId;
        this.period = period;
        this.keepItems = keepItems;
    }

    String auvId() {
        return auvId;
    }

    /** The next applied fix of the period (time order). */
    void fix(Instant time, double latitude, double longitude) {
        if (lastFix != null) {
            distanceM += Geodesy.distance(lastLongitude, lastLatitude, longitude, latitude);
            Duration pause = Duration.between(lastFix, time);
            if (pause.compareTo(period.gapThreshold()) > 0) {
                gapCount++;
                gapTotal = gapTotal.plus(pause);
                if (pause.compareTo(longestGap) > 0) {
                    longestGap = pause;
                }
                if (keepItems) {
                    gaps.add(new ComplianceReport.Gap(lastFix, time, seconds(pause)));
                }
            }
        } else {
            firstFix = time;
        }
        fixes++;
        lastFix = time;
        lastLatitude = latitude;
        lastLongitude = longitude;
    }

    /** The vehicle was inside the zone at {@code from} (its last event before was an entry). */
    void insideAtStart(String zoneId) {
        zone(zoneId).enter(period.from());
    }

    /** The next zone event of the period (time order). */
    void zoneEvent(String zoneId, ZoneEvent.Type type, Instant time) {
        ZoneTally z = zone(zoneId);
        if (type == ZoneEvent.Type.ZONE_ENTRY) {
            z.entries++;
            z.enter(time);
        } else {
            z.exits++;
            z.exit(time);
        }
    }

    /** An episode overlapping the period. */
    void violation(Violation v) {
        Duration inPeriod = inPeriod(v);
        violationCount++;
        violationTotal = violationTotal.plus(inPeriod);
        byRule.computeIfAbsent(v.ruleId(), id -> new RuleTally(v.ruleType())).add(inPeriod);
        bySeverity.computeIfAbsent(v.severity(), s -> new Tally()).add(inPeriod);
        if (keepItems) {
            violations.add(v);
        }
    }

    /** The zones of the report: those with an event in the period or the vehicle inside at its start. */
    Set<String> zoneIds() {
        return zones.keySet();
    }

    /** The vehicle report; {@code zoneTypes} names the type of each zone id (null when unknown). */
    ComplianceReport report(Map<String, String> zoneTypes) {
        List<ComplianceReport.ZoneFigures> zoneFigures = new ArrayList<>();
        Map<String, ZoneTypeTally> types = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        zones.forEach((zoneId, z) -> {
            Duration time = z.total();
            String type = zoneTypes.get(zoneId);
            zoneFigures.add(new ComplianceReport.ZoneFigures(zoneId, type, z.entries, z.exits, seconds(time)));
            ZoneTypeTally t = types.computeIfAbsent(type, k -> new ZoneTypeTally());
            t.entries += z.entries;
            t.exits += z.exits;
            t.time = t.time.plus(time);
        });
        List<ComplianceReport.ZoneTypeFigures> typeFigures = new ArrayList<>();
        types.forEach((type, t) -> typeFigures.add(new ComplianceReport.ZoneTypeFigures(type, t.entries, t.exits, seconds(t.time))));

        List<ComplianceReport.RuleFigures> rules = new ArrayList<>();
        byRule.forEach((ruleId, r) -> rules.add(new ComplianceReport.RuleFigures(ruleId, r.type, r.count, seconds(r.time))));
        List<ComplianceReport.SeverityFigures> severities = new ArrayList<>();
        bySeverity.forEach((severity, s) -> severities.add(new ComplianceReport.SeverityFigures(severity, s.count, seconds(s.time))));
        List<ComplianceReport.ViolationItem> items = violations.stream()
                .sorted(Comparator.comparing(Violation::startedAt).thenComparing(Violation::violationId))
                .map(v -> new ComplianceReport.ViolationItem(v.violationId(), v.ruleId(), v.ruleType(), v.zoneId(),
                        v.severity(), v.status(), v.startedAt(), v.endedAt(),
                        seconds(inPeriod(v))))
                .toList();

        return new ComplianceReport(auvId, period.from(), period.to(), period.generatedAt(), fixes, firstFix, lastFix,
                distanceM, List.copyOf(zoneFigures), List.copyOf(typeFigures),
                new ComplianceReport.Violations(violationCount, List.copyOf(rules), List.copyOf(severities), items),
                new ComplianceReport.Gaps(seconds(period.gapThreshold()), gapCount, seconds(gapTotal),
                        seconds(longestGap), List.copyOf(gaps)));
    }

    /** The vehicle's line of the fleet summary; exact sums, to be totalled with {@link Sums}. */
    Sums sums() {
        Duration zoneTime = Duration.ZERO;
        long entries = 0;
        long exits = 0;
        for (ZoneTally z : zones.values()) {
            zoneTime = zoneTime.plus(z.total());
            entries += z.entries;
            exits += z.exits;
        }
        return new Sums(1, fixes, distanceM, zoneTime, entries, exits, violationCount, violationTotal,
                count(Severity.CRITICAL), count(Severity.WARNING), gapCount, gapTotal);
    }

    private long count(Severity severity) {
        Tally t = bySeverity.get(severity);
        return t == null ? 0 : t.count;
    }

    private ZoneTally zone(String zoneId) {
        return zones.computeIfAbsent(zoneId, id -> new ZoneTally());
    }

    /** An episode's part of the period; one still open counts until {@link ReportPeriod#openEnd()}. */
    private Duration inPeriod(Violation v) {
        return clipped(v.startedAt(), v.endedAt() == null ? period.openEnd() : min(v.endedAt(), period.to()));
    }

    /** The part of [start, end) inside the period; zero when there is none. */
    private Duration clipped(Instant start, Instant end) {
        Instant s = start.isAfter(period.from()) ? start : period.from();
        Duration d = Duration.between(s, end);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Decimal seconds, rounded once (a Duration is exact to the nanosecond). */
    static double seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).doubleValue();
    }

    /**
     * Figures of one vehicle, or totals of several ({@link #plus}); {@code vehicles} counts them.
     * Durations stay exact so totals are the exact sums.
     */
    record Sums(long vehicles, long fixes, double distanceM, Duration zoneTime, long entries, long exits,
                long violations, Duration violationTime, long critical, long warning, long gaps, Duration gapTime) {

        static final Sums NONE = new Sums(0, 0, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO, 0, 0, 0, Duration.ZERO);

        Sums plus(Sums o) {
            return new Sums(vehicles + o.vehicles, fixes + o.fixes, distanceM + o.distanceM, zoneTime.plus(o.zoneTime),
                    entries + o.entries, exits + o.exits, violations + o.violations, violationTime.plus(o.violationTime),
                    critical + o.critical, warning + o.warning, gaps + o.gaps, gapTime.plus(o.gapTime));
        }

        FleetSummary.VehicleLine line(String auvId) {
            return new FleetSummary.VehicleLine(auvId, fixes, distanceM, seconds(zoneTime), entries, exits, violations,
                    seconds(violationTime), critical, warning, gaps, seconds(gapTime));
        }

        FleetSummary.Totals totals() {
            return new FleetSummary.Totals(vehicles, fixes, distanceM, seconds(zoneTime), entries, exits, violations,
                    seconds(violationTime), critical, warning, gaps, seconds(gapTime));
        }
    }

    /**
     * Stays in one zone. Events are taken as they come: an entry while inside or an exit while
     * outside is counted but changes no time (the log never holds them; a stay is never counted twice).
     */
    private final class ZoneTally {
        long entries;
        long exits;
        private Duration closed = Duration.ZERO;
        /** Start of the stay under way, null while outside. */
        private Instant since;

        void enter(Instant time) {
            if (since == null) {
                since = time;
            }
        }

        void exit(Instant time) {
            if (since != null) {
                closed = closed.plus(clipped(since, min(time, period.to())));
                since = null;
            }
        }

        /** The closed stays plus the one still open, counted until {@link ReportPeriod#openEnd()}. */
        Duration total() {
            return since == null ? closed : closed.plus(clipped(since, period.openEnd()));
        }
    }

    private static final class ZoneTypeTally {
        long entries;
        long exits;
        Duration time = Duration.ZERO;
    }

    private static class Tally {
        long count;
        Duration time = Duration.ZERO;

        void add(Duration d) {
            count++;
            time = time.plus(d);
        }
    }

    private static final class RuleTally extends Tally {
        final RuleType type;

        RuleTally(RuleType type) {
            this.type = type;
        }
    }
}
