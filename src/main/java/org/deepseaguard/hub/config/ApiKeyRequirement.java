package org.deepseaguard.hub.config;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops the start, before any connection is made, when {@code deepseaguard.security.require-api-keys}
 * is true (profile {@code stack}) and no {@code deepseaguard.security.api-keys} are configured.
 */
public class ApiKeyRequirement implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        boolean required = binder.bind("deepseaguard.security.require-api-keys", Boolean.class).orElse(false);
        int keys = binder.bind("deepseaguard.security.api-keys", Bindable.listOf(String.class))
                .map(List::size).orElse(0);
        if (required && keys == 0) {
            throw new IllegalStateException("deepseaguard.security.api-keys must be configured "
                    + "(deepseaguard.security.api-keys[0]=<sha256 hex of the key>:<role>) because "
                    + "deepseaguard.security.require-api-keys is true (profile stack)");
        }
    }
}
