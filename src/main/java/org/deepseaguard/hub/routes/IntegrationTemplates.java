package org.deepseaguard.hub.routes;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.hub.alerts.RouteChannel;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.SubscriptionService;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.deepseaguard.hub.service.TelemetryIntake;
import org.springframework.stereotype.Component;

/**
 * Route templates for what integrators do most (docs/yaml-routes.md, "Templates"), instantiated
 * from YAML with {@code templatedRoute}:
 *
 * <ul>
 *   <li>{@code telemetry-from}: fixes from any Camel endpoint ({@code uri}) into the pipeline, as
 *       the DESIGN's JSON (a fix or an array: {@code format: json}, the default) or NDJSON
 *       ({@code format: ndjson}), optionally mapped first from a vendor's JSON by a JSONata
 *       expression ({@code mapping}: a resource such as {@code file:/etc/deepseaguard/vendor.jsonata}).
 *       {@code source} names the input (header {@code deepseaguard_source}). Bad input, and a batch
 *       with refused items, is parked in the dead letters with the reasons (route configuration
 *       {@code dead-letter}), replayable.</li>
 *   <li>{@code alerts-to}: alerts to any Camel endpoint ({@code uri}), through a subscription
 *       {@code name} (origin {@code template}) of channel {@code route} made from the template's
 *       filters ({@code min_severity}, {@code mode}, {@code rule_types}, {@code zone_types},
 *       {@code zone_ids}, {@code auv_ids}: comma-separated lists) into {@code direct:alerts-to-<name>},
 *       so each matching alert arrives once, durably, retried by the outbox when the endpoint fails.
 *       The subscription goes when the route does ({@link IntegratorRoutes}).</li>
 * </ul>
 */
@Component
public class IntegrationTemplates extends RouteBuilder {

    /** Where the alerts of an {@code alerts-to} route come in: this, then its {@code name}. */
    public static final String ALERTS_TO = "direct:alerts-to-";

    /** Parameters of {@code alerts-to} that become the subscription's fields. */
    static final String[] ALERT_FILTERS = {"min_severity", "mode", "rule_types", "zone_types", "zone_ids", "auv_ids"};

    private final TelemetryIntake intake;
    private final SubscriptionService subscriptions;
    private final ProducerTemplate producer;

    public IntegrationTemplates(TelemetryIntake intake, SubscriptionService subscriptions, ProducerTemplate producer) {
        this.intake = intake;
        this.subscriptions = subscriptions;
        this.producer = producer;
    }

    /**
     * A message of {@code telemetry-from} as the pipeline takes it: the source header set, mapped
     * by the JSONata resource (when not {@code none}, with Camel's {@code jsonata} component), then
     * a JSON text (a fix or an array) or, for {@code ndjson}, the list of its lines.
     */
    public void read(Exchange exchange, String source, String format, String mapping) {
        Message message = exchange.getMessage();
        message.setHeader(Headers.SOURCE, source);
        String body = message.getBody(String.class);
        if (!"none".equals(mapping)) {
            body = producer.requestBody("jsonata:" + mapping + "?inputType=JsonString&outputType=JsonString", body, String.class);
        }
        message.setBody("ndjson".equals(format) ? intake.ndjson(body) : body);
    }

    /**
     * Items of a batch the pipeline refused (the others were taken): the message fails with every
     * refusal named ({@code [index].field}), so the dead-letter channel parks it with the reasons.
     * A replay takes the good items again as duplicates (dropped) and refuses the bad ones again.
     */
    public void refuseRejected(BatchResult result) {
        if (result.rejected().isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (TelemetryBatch.Rejected r : result.rejected()) {
            r.errors().forEach(e -> errors.add(new FieldError("[" + r.index() + "]." + e.field(), e.message())));
        }
        throw new InvalidInputException(errors);
    }

    @Override
    public void configure() {
        // template parameters only in strings (endpoint URIs, bean method arguments): Camel shares a
        // template's expression objects between its routes, so a {{param}} inside constant() or
        // simple() would keep the value of the first route made from it
        routeTemplate("telemetry-from")
                .templateParameter("uri", null, "any Camel endpoint URI the fixes come from")
                .templateParameter("source", "route", "the input's name (header deepseaguard_source)")
                .templateParameter("format", "json", "json (a fix or an array of fixes) or ndjson")
                .templateParameter("mapping", "none", "a JSONata resource mapping a vendor's JSON to the fix, or none")
                .from("{{uri}}")
                    .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                    .bean(this, "read(${exchange}, '{{source}}', '{{format}}', '{{mapping}}')")
                    .to("direct:telemetry-ingest")
                    .bean(this, "refuseRejected");

        routeTemplate("alerts-to")
                .templateParameter("name", null, "the subscription's id; its alerts come into direct:alerts-to-<name>")
                .templateParameter("uri", null, "any Camel endpoint URI the alerts go to")
                .templateParameter("min_severity", "critical")
                .templateParameter("mode", "immediate")
                .templateParameter("rule_types", "")
                .templateParameter("zone_types", "")
                .templateParameter("zone_ids", "")
                .templateParameter("auv_ids", "")
                // the subscription (origin template) is made or updated when a route is made from the template
                .configure(template -> subscriptions.fromTemplate(template.getParameters(), ALERT_FILTERS))
                .from(ALERTS_TO + "{{name}}")
                    .removeHeaders("CamelHttp*")
                    .removeProperty(RouteChannel.ALERT_PROPERTY)
                    .to("{{uri}}");
    }
}
