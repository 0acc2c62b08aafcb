package org.deepseaguard.hub.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live feed ({@code GET /api/v1/stream}, {@code deepseaguard.live.*}).
 *
 * @param maxClients       streams open at once; one more is refused with 503
 * @param clientQueue      events waiting for one client; beyond it that client's events are dropped
 *                         (counted), never the pipeline slowed
 * @param inboundQueue     batch results waiting for the dispatcher (this instance's, and in cluster mode
 *                         the other instances' relayed ones); beyond it they are dropped (counted). In
 *                         cluster mode also the batches waiting to be published to the other instances
 *                         ({@link RedisLiveRelay})
 * @param positionInterval at most one {@code position} per vehicle this often (the newest is sent
 *                         when the interval ends); zero sends every applied fix
 * @param heartbeat        a comment line this often, so proxies keep the stream and dead clients show
 * @param timeout          a stream is closed after this long (the page reconnects)
 */
@ConfigurationProperties("deepseaguard.live")
public record LiveProperties(@DefaultValue("32") int maxClients,
                             @DefaultValue("1000") int clientQueue,
                             @DefaultValue("1000") int inboundQueue,
                             @DefaultValue("PT1S") Duration positionInterval,
                             @DefaultValue("PT15S") Duration heartbeat,
                             @DefaultValue("PT30M") Duration timeout) {

    public LiveProperties {
        if (maxClients < 1 || clientQueue < 1 || inboundQueue < 1) {
            throw new IllegalArgumentException("deepseaguard.live.max-clients, client-queue and inbound-queue must be 1 or more");
        }
        if (positionInterval == null || positionInterval.isNegative()) {
            throw new IllegalArgumentException("deepseaguard.live.position-interval must be zero or more, got " + positionInterval);
        }
        if (heartbeat == null || heartbeat.compareTo(Duration.ofSeconds(1)) < 0
                || timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("deepseaguard.live.heartbeat and timeout must be one second or more");
        }
    }
}
