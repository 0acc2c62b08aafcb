package org.deepseaguard.hub.timeseries;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code GET /api/v1/auvs/{id}/track} ({@code deepseaguard.tracks.*}).
 *
 * @param defaultPeriod the period before {@code to} when {@code from} is not given
 * @param maxFixes      the most fixes one answer holds; a period with more is refused (400, naming {@code from})
 */
@ConfigurationProperties("deepseaguard.tracks")
public record TrackProperties(@DefaultValue("PT1H") Duration defaultPeriod, @DefaultValue("100000") int maxFixes) {
}
