package org.deepseaguard.hub.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.service.ComplianceReports;
import org.deepseaguard.hub.service.ReportPeriod;
import org.deepseaguard.hub.service.ReportProperties;
import org.springframework.stereotype.Component;

/**
 * {@code GET /reports/compliance?auv_id&from&to&format&gap_seconds}: a vehicle's compliance report,
 * or the fleet summary without {@code auv_id}, as JSON or CSV. {@code from} defaults to the start
 * of the current UTC day, {@code to} to now; the period [from, to) may not be longer than
 * {@code deepseaguard.reports.max-period}. Thread-safe.
 */
@Component
public class ReportApi {

    private enum Format { JSON, CSV }

    private final ComplianceReports reports;
    private final ReportProperties properties;
    private final Clock clock;

    public ReportApi(ComplianceReports reports, ReportProperties properties, Clock clock) {
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
    }

    public ApiResponse compliance(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        String auvId = p.text("auv_id");
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        Format format = p.oneOf("format", s -> Format.valueOf(s.toUpperCase(Locale.ROOT)), "json, csv");
        // 0 (never valid: at least 1) stands for "not given"
        int gapSeconds = p.integer("gap_seconds", 0, 1, Integer.MAX_VALUE);
        p.check();

        // to the microsecond, as the database keeps times (and as from/to are compared with them)
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (to == null) {
            to = now;
        }
        if (from == null) {
            from = now.truncatedTo(ChronoUnit.DAYS);
        }
        if (!from.isBefore(to)) {
            throw new InvalidInputException(List.of(new FieldError("to", "must be after from (" + from + ")")));
        }
        Duration maxPeriod = properties.maxPeriod();
        if (Duration.between(from, to).compareTo(maxPeriod) > 0) {
            throw new InvalidInputException(List.of(new FieldError("from",
                    "the period from " + from + " to " + to + " is longer than " + maxPeriod + " (deepseaguard.reports.max-period)")));
        }
        Duration gapThreshold = gapSeconds == 0 ? properties.gapThreshold() : Duration.ofSeconds(gapSeconds);
        ReportPeriod period = new ReportPeriod(from, to, gapThreshold, now);

        if (auvId == null) {
            var summary = reports.fleet(period);
            return format == Format.CSV ? ApiResponse.text(Csv.MEDIA_TYPE, ReportCsv.fleet(summary)) : ApiResponse.ok(summary);
        }
        var report = reports.vehicle(auvId, period);
        return format == Format.CSV ? ApiResponse.text(Csv.MEDIA_TYPE, ReportCsv.vehicle(report)) : ApiResponse.ok(report);
    }
}
