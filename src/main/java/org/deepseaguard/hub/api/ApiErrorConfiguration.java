package org.deepseaguard.hub.api;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/** Route configuration {@code api-errors}: any failure of an API operation becomes problem+json. */
@Component
public class ApiErrorConfiguration extends RouteConfigurationBuilder {

    private final ProblemMapper problemMapper;
    private final ApiResponseWriter responseWriter;

    public ApiErrorConfiguration(ProblemMapper problemMapper, ApiResponseWriter responseWriter) {
        this.problemMapper = problemMapper;
        this.responseWriter = responseWriter;
    }

    @Override
    public void configuration() {
        routeConfiguration("api-errors")
                .onException(Exception.class).handled(true)
                .process(problemMapper)
                .process(responseWriter);
    }
}
