package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Servlet filters in front of the API: API keys first, then the body size limit. */
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
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(DeepSeaGuardProperties properties, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(properties.http().maxBodyBytes().toBytes(), json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(2);
        return registration;
    }
}
