package org.deepseaguard.hub.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.stereotype.Component;

/**
 * Loads the integrators' routes folder once Camel has started, and (route {@code routes-folder-watch})
 * looks at it again every {@code deepseaguard.routes-reload-interval} (2 s; zero turns reloading off):
 * {@link IntegratorRoutes}.
 */
@Component
public class IntegratorRoutesWatch extends EndpointRouteBuilder implements CamelContextConfiguration {

    private final IntegratorRoutes routes;
    private final long intervalMillis;

    public IntegratorRoutesWatch(IntegratorRoutes routes, DeepSeaGuardProperties properties) {
        this.routes = routes;
        this.intervalMillis = properties.routesReloadInterval().toMillis();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing: the folder's routes come once the hub's own routes run (afterApplicationStart)
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        routes.scan();
    }

    @Override
    public void configure() {
        if (intervalMillis <= 0) {
            return;
        }
        from(timer("routes-folder-watch").period(intervalMillis).delay(intervalMillis)).routeId("routes-folder-watch")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(routes, "scan").id("routes-folder-scan")
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "deepseaguard.routes", "Routes folder scan failed, tried again at the next one: "
                            + "${exception.message}")
                .end();
    }
}
