package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** YAML routes: the shipped ones from the classpath, and an integrator's from deepseaguard.routes-dir. */
class YamlRoutesTest extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void aRouteDroppedIntoTheRoutesFolderIsLoadedAndRuns() {
        Route route = camel.getRoute("integrator-greeting");
        assertThat(route).isNotNull();
        assertThat(route.getSourceLocation()).contains(ROUTES_DIR.getFileName().toString()).contains("greeting.camel.yaml");

        Exchange reply = producer.request("direct:integrator-greeting", e -> e.getMessage().setBody("world"));
        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(String.class)).startsWith("hello world from a route loaded from ");
        assertThat(reply.getMessage().getHeader("greeted")).isEqualTo("yes");
    }

    @Test
    void theShippedYamlRoutesAreLoadedFromTheClasspath() {
        for (String id : new String[] {"outputs-drain-geofencing-events", "outputs-drain-compliance-violations",
                "outputs-drain-critical-alerts", "outputs-drain-warning-alerts", "outputs-drain-alert-notifications"}) {
            Route route = camel.getRoute(id);
            assertThat(route).as(id).isNotNull();
            assertThat(route.getSourceLocation()).contains("routes/outputs-drain.camel.yaml");
            assertThat(camel.getRouteController().getRouteStatus(id).isStarted()).isTrue();
        }
    }
}
