package org.deepseaguard.hub.api;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.TransientDataAccessException;
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
        // a batch that met a transient database error was rolled back whole: judging it again is exact
        routeConfiguration("api-errors")
                .onException(TransientDataAccessException.class).handled(true)
                .maximumRedeliveries(3).redeliveryDelay(50).useExponentialBackOff().backOffMultiplier(2)
                .process(problemMapper)
                .process(responseWriter)
                .end()
                .onException(Exception.class).handled(true)
                .process(problemMapper)
                .process(responseWriter);
    }
}
