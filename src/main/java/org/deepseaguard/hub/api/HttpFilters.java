package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Servlet filters in front of the API: API keys first, then back-pressure, then the body size limit. */
@Configuration(proxyBeanMethods = false)
public class HttpFilters {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(DeepSeaGuardProperties properties, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new ApiKeyFilter(properties.security().apiKeys(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BackPressureFilter> backPressureFilter(BackPressureProperties backPressure,
                                                                  DeepSeaGuardProperties properties, ObjectMapper json,
                                                                  MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(
                new BackPressureFilter(backPressure, properties.security().apiKeys(), json, meters));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(DeepSeaGuardProperties properties, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(properties.http().maxBodyBytes().toBytes(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(3);
        return registration;
    }
}
