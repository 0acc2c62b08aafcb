package org.deepseaguard.hub.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.deepseaguard.core.model.Violation;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ObjectMapper of the hub is Spring Boot's (snake_case, ISO dates, unknown properties
 * ignored: see application.yml); this adds what the core records need on the wire.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer deepSeaGuardJson() {
        return builder -> builder.mixIn(Violation.class, ViolationMixIn.class);
    }

    /** {@code isOpen()} is a convenience, not a wire field. */
    @JsonIgnoreProperties({"open"})
    abstract static class ViolationMixIn {
    }
}
