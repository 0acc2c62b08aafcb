package org.deepseaguard.hub.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.hub.service.ComplianceReport;
import org.deepseaguard.hub.service.FleetSummary;

/**
 * Compliance reports as CSV ({@link Csv}: RFC 4180). Numbers are written in plain
 * decimal notation (never {@code 1.0E7}), times as ISO-8601 UTC; an empty cell is a figure that does
 * not apply to the row. Stateless and thread-safe.
 */
final class ReportCsv {

    /** The columns of a vehicle report, one table for every kind of row ({@code record}). */
    static final List<String> VEHICLE_COLUMNS = List.of("record", "auv_id", "zone_id", "zone_type", "rule_id",
            "rule_type", "severity", "violation_id", "status", "entries", "exits", "count", "seconds", "distance_m",
            "from", "to");

    static final List<String> FLEET_COLUMNS = List.of("auv_id", "fixes", "distance_m", "zone_seconds", "entries",
            "exits", "violations", "violation_seconds", "critical", "warning", "gaps", "gap_seconds");

    private ReportCsv() {
    }

    /**
     * Rows {@code summary} (count = fixes, distance_m, from/to = the period), {@code zone},
     * {@code zone_type}, {@code rule}, {@code severity}, {@code violation} (from/to = started_at/ended_at)
     * and {@code gap}, in that order.
     */
    static String vehicle(ComplianceReport r) {
        List<Object[]> out = new ArrayList<>();
        String auv = r.auvId();
        new Row("summary", auv).set("count", r.fixes()).set("distance_m", number(r.distanceM()))
                .set("from", r.from()).set("to", r.to()).writeTo(out);
        for (var z : r.zones()) {
            new Row("zone", auv).set("zone_id", z.zoneId()).set("zone_type", z.zoneType()).set("entries", z.entries())
                    .set("exits", z.exits()).set("seconds", number(z.seconds())).writeTo(out);
        }
        for (var t : r.zoneTypes()) {
            new Row("zone_type", auv).set("zone_type", t.zoneType()).set("entries", t.entries()).set("exits", t.exits())
                    .set("seconds", number(t.seconds())).writeTo(out);
        }
        for (var rule : r.violations().byRule()) {
            new Row("rule", auv).set("rule_id", rule.ruleId()).set("rule_type", rule.ruleType().wireName())
                    .set("count", rule.count()).set("seconds", number(rule.seconds())).writeTo(out);
        }
        for (var s : r.violations().bySeverity()) {
            new Row("severity", auv).set("severity", s.severity().wireName()).set("count", s.count())
                    .set("seconds", number(s.seconds())).writeTo(out);
        }
        for (var v : r.violations().items()) {
            new Row("violation", auv).set("zone_id", v.zoneId()).set("rule_id", v.ruleId())
                    .set("rule_type", v.ruleType().wireName()).set("severity", v.severity().wireName())
                    .set("violation_id", v.violationId()).set("status", v.status().wireName())
                    .set("seconds", number(v.seconds())).set("from", v.startedAt()).set("to", v.endedAt()).writeTo(out);
        }
        for (var g : r.gaps().items()) {
            new Row("gap", auv).set("seconds", number(g.seconds())).set("from", g.from()).set("to", g.to()).writeTo(out);
        }
        return Csv.write(VEHICLE_COLUMNS, out);
    }

    /** One row per vehicle, then a row {@code TOTAL}. */
    static String fleet(FleetSummary s) {
        List<Object[]> out = new ArrayList<>();
        for (var v : s.vehicles()) {
            out.add(row(v.auvId(), Long.toString(v.fixes()), number(v.distanceM()), number(v.zoneSeconds()),
                    Long.toString(v.entries()), Long.toString(v.exits()), Long.toString(v.violations()),
                    number(v.violationSeconds()), Long.toString(v.critical()), Long.toString(v.warning()),
                    Long.toString(v.gaps()), number(v.gapSeconds())));
        }
        var t = s.totals();
        out.add(row("TOTAL", Long.toString(t.fixes()), number(t.distanceM()), number(t.zoneSeconds()),
                Long.toString(t.entries()), Long.toString(t.exits()), Long.toString(t.violations()),
                number(t.violationSeconds()), Long.toString(t.critical()), Long.toString(t.warning()),
                Long.toString(t.gaps()), number(t.gapSeconds())));
        return Csv.write(FLEET_COLUMNS, out);
    }

    /** A number in plain decimal notation, without trailing zeros: 3600, 720.00025, 12345678.9. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Object[] row(Object... cells) {
        return cells;
    }

    /** A row of the vehicle table, its cells set by column name. */
    private static final class Row {
        private final String[] cells = new String[VEHICLE_COLUMNS.size()];

        Row(String record, String auvId) {
            set("record", record).set("auv_id", auvId);
        }

        Row set(String column, Object value) {
            int i = VEHICLE_COLUMNS.indexOf(column);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + column);
            }
            cells[i] = value == null ? null : value.toString();
            return this;
        }

        void writeTo(List<Object[]> out) {
            out.add(cells);
        }
    }
}
