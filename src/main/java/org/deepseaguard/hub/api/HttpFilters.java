package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Servlet filters in front of the API: CORS (only when origins are configured), API keys,
 * back-pressure (rate limit per key, bounded ingestion), JSON only for changes, then the body size
 * limit; and the admin-only guard of the management surface.
 */
@Configuration(proxyBeanMethods = false)
public class HttpFilters {

    @Bean
    ApiKeys apiKeys(DeepSeaGuardProperties properties) {
        return new ApiKeys(properties.security().apiKeys(), properties.security().scopes());
    }

    /** No CORS header at all unless {@code deepseaguard.http.cors.allowed-origins} names origins. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(DeepSeaGuardProperties properties) {
        List<String> origins = properties.http().cors().allowedOrigins();
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of(ApiKeys.HEADER, "Content-Type"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(1800L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        var registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(0);
        registration.setEnabled(!origins.isEmpty());
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new ApiKeyFilter(keys, json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BackPressureFilter> backPressureFilter(BackPressureProperties backPressure, ApiKeys keys,
                                                                  ObjectMapper json, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new BackPressureFilter(backPressure, keys, json, meters));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<JsonOnlyFilter> jsonOnlyFilter(ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new JsonOnlyFilter(json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(DeepSeaGuardProperties properties, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(properties.http().maxBodyBytes().toBytes(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(4);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ManagementAccessFilter> managementAccessFilter(
            ApiKeys keys, ObjectMapper json, @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
        String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        var registration = new FilterRegistrationBean<>(new ManagementAccessFilter(keys, json, base));
        registration.addUrlPatterns(base + "/*", base);
        registration.setOrder(1);
        return registration;
    }
}
