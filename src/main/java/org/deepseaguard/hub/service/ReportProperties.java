package org.deepseaguard.hub.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Compliance reports ({@code deepseaguard.reports.*}, {@code GET /api/v1/reports/compliance}).
 * Immutable.
 *
 * @param maxPeriod    the longest period one report may cover (a longer one is refused): bounds what
 *                     one request reads from the fix log
 * @param gapThreshold a pause between two consecutive applied fixes longer than this is a telemetry
 *                     gap of the report, unless the request gives {@code gap_seconds}
 */
@ConfigurationProperties("deepseaguard.reports")
public record ReportProperties(@DefaultValue("P31D") Duration maxPeriod,
                               @DefaultValue("PT5M") Duration gapThreshold) {
}
