package org.deepseaguard.hub.routes;

import java.util.List;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.deepseaguard.hub.alerts.AlertDeliveries;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.service.AlertOutbox;
import org.springframework.stereotype.Component;

/**
 * The alert delivery worker (docs/messaging.md, "Alert outbox"): every
 * {@code deepseaguard.alerts.delivery.poll-interval} route {@code alerts-deliver-poll} reads due
 * deliveries of the outbox (a small batch) and hands each to route {@code alerts-deliver}, which
 * claims it atomically (or skips it when another worker has it), has its channel format it
 * ({@link org.deepseaguard.hub.alerts.AlertChannel}: a signed webhook call, an email, a call of an
 * integrator's route) and sends it (route {@code alerts-send}), and records the attempt: delivered,
 * or failed with the HTTP status or the reason (then retried with back-off, and after the last
 * attempt parked in the dead letters). The attempt's outcome is recorded by
 * {@link AlertDeliveries}, so no error handler of these routes redelivers anything: the outbox is
 * the retry. A parked delivery is replayed through {@code direct:alerts-redeliver}.
 */
@Component
public class AlertDeliveryRoutes extends EndpointRouteBuilder {

    private final AlertDeliveries deliveries;
    private final AlertOutbox outbox;
    private final DeepSeaGuardProperties.Delivery settings;
    private final DeepSeaGuardProperties.Escalation escalation;

    public AlertDeliveryRoutes(AlertDeliveries deliveries, AlertOutbox outbox, DeepSeaGuardProperties properties) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.settings = properties.alerts().delivery();
        this.escalation = properties.alerts().escalation();
    }

    @Override
    public void configure() {
        long poll = settings.pollInterval().toMillis();
        // a poll that fails (the database is away) is retried at the next tick; the rows wait
        from(timer("alert-deliveries").period(poll).delay(poll)).routeId("alerts-deliver-poll")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(deliveries, "due").id("alerts-deliver-due")
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "deepseaguard.alerts",
                            "Alert delivery poll failed, retried at the next one: ${exception.message}")
                    .setBody(constant(List.of()))
                .end()
                .split(body()).id("alerts-deliver-split")
                    .to(direct("alerts-deliver")).id("alerts-deliver-each")
                .end();

        // critical alerts nobody acknowledged in time go to their subscription's escalation target
        // (a new outbox row, sent by the worker above); a failed look is retried at the next tick
        long escalationCheck = escalation.checkInterval().toMillis();
        from(timer("alert-escalations").period(escalationCheck).delay(escalationCheck)).routeId("alerts-escalate")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(outbox, "escalate").id("alerts-escalate-write")
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "deepseaguard.alerts",
                            "Alert escalation check failed, retried at the next one: ${exception.message}")
                .end();

        // claimed just before its attempt (another worker, here or on another instance, may have it:
        // then nothing happens), so a claim never waits behind other attempts of the batch
        from(direct("alerts-deliver")).routeId("alerts-deliver")
                .errorHandler(noErrorHandler())
                .transform(method(deliveries, "claim")).id("alerts-deliver-claim")
                .filter(body().isNotNull())
                    .to(direct("alerts-attempt")).id("alerts-deliver-attempt")
                .end();

        // one attempt; its outcome is recorded whatever happens (the outbox decides about retries)
        from(direct("alerts-attempt")).routeId("alerts-attempt")
                .errorHandler(noErrorHandler())
                .setProperty(AlertDeliveries.DELIVERY, body())
                .doTry()
                    .to(direct("alerts-send")).id("alerts-deliver-send")
                    .bean(deliveries, "delivered").id("alerts-deliver-delivered")
                .doCatch(Exception.class)
                    .bean(deliveries, "failed").id("alerts-deliver-failed")
                .end();

        // the delivery's channel (AlertChannel) formats it and names the endpoint: a signed webhook
        // call (camel-http: a status >= 300 throws HttpOperationFailedException, status and text
        // recorded), an email (camel-mail), an integrator's direct: route, or any channel added since
        from(direct("alerts-send")).routeId("alerts-send")
                .errorHandler(noErrorHandler())
                .bean(deliveries, "prepare").id("alerts-send-format")
                .toD("${exchangeProperty." + AlertDeliveries.SEND_URI + "}").id("alerts-send-out");

        // a parked delivery replayed (POST /dead-letters/{id}/replay): pending again, same id and payload
        from(direct("alerts-redeliver")).routeId("alerts-redeliver")
                .routeConfigurationId(DeadLetterRouteConfiguration.ID)
                .bean(outbox, "requeue(${bodyAs(String)})").id("alerts-redeliver-requeue");
    }
}
