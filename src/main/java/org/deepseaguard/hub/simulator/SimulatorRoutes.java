package org.deepseaguard.hub.simulator;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Route {@code simulator-tick}: drives the {@link FleetSimulator} when {@code deepseaguard.simulator.enabled}. */
@Component
@ConditionalOnProperty(name = "deepseaguard.simulator.enabled", havingValue = "true")
public class SimulatorRoutes extends EndpointRouteBuilder {

    private final FleetSimulator simulator;
    private final long intervalMillis;

    public SimulatorRoutes(FleetSimulator simulator, DeepSeaGuardProperties properties) {
        this.simulator = simulator;
        this.intervalMillis = properties.simulator().interval().toMillis();
    }

    @Override
    public void configure() {
        from(timer("simulator").period(intervalMillis).delay(intervalMillis)).routeId("simulator-tick")
                .routeConfigurationId("dead-letter")
                .bean(simulator, "tick").id("simulator-round");
    }
}
