package org.deepseaguard.hub.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live map ({@code deepseaguard.map.*}), handed to the page through
 * {@code GET /api/v1/status} (member {@code map}).
 *
 * @param trackWindow how far back the track of a clicked vehicle reaches (from now); one second or more
 */
@ConfigurationProperties("deepseaguard.map")
public record MapProperties(@DefaultValue("PT1H") Duration trackWindow) {

    public MapProperties {
        if (trackWindow == null || trackWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("deepseaguard.map.track-window must be one second or more, got " + trackWindow);
        }
    }
}
