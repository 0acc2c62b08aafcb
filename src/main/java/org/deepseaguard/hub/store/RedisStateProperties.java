package org.deepseaguard.hub.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis state store's own settings ({@code deepseaguard.redis.*}); the connection is
 * {@code spring.data.redis.*}. Used when {@code deepseaguard.state-store=redis} (profile {@code stack}).
 *
 * @param keyPrefix put in front of every key the store writes ({@code <prefix>auv:state:<auv_id>},
 *                  {@code <prefix>zone:auvs:<zone_id>}, {@code <prefix>auv:ids}); empty by default,
 *                  so the keys are exactly those of DESIGN section 3. Hub instances that share one
 *                  fleet must use the same prefix; tests use a unique one to keep to themselves.
 */
@ConfigurationProperties("deepseaguard.redis")
public record RedisStateProperties(@DefaultValue("") String keyPrefix) {
}
