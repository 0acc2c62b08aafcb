package org.deepseaguard.hub.alerts;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's {@code http} component, which only the webhook deliveries use: connect and read
 * timeouts from {@code deepseaguard.alerts.delivery.connect-timeout} / {@code read-timeout} (5 s and
 * 10 s), so a receiver that does not answer costs one attempt, not a stuck worker; redirects are
 * never followed (a redirect would lead a signed alert past the allow-list), a 3xx is a failed attempt.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookHttpConfig {

    @Bean
    ComponentCustomizer webhookTimeouts(DeepSeaGuardProperties properties) {
        DeepSeaGuardProperties.Delivery delivery = properties.alerts().delivery();
        return ComponentCustomizer.builder(HttpComponent.class).build(component -> {
            component.setConnectTimeout(delivery.connectTimeout().toMillis());
            component.setConnectionRequestTimeout(delivery.connectTimeout().toMillis());
            component.setResponseTimeout(delivery.readTimeout().toMillis());
            component.setSoTimeout(delivery.readTimeout().toMillis());
            component.setFollowRedirects(false);
            component.setRedirectHandlingDisabled(true);
        });
    }
}
