package org.deepseaguard.hub.timeseries;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.ClaimCheckOperation;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.deepseaguard.hub.deadletter.DeadLetterStamper;
import org.deepseaguard.hub.deadletter.FailureOrigin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Every applied fix and violation transition to InfluxDB through {@code camel-influxdb}, never
 * holding up the compliance pipeline (docs/messaging.md, "InfluxDB"):
 * <ul>
 *   <li>{@code influxdb-publish}: called by {@code analytics-publish} with each judged batch; puts it
 *       on a bounded in-memory queue and returns at once (the caller's message is left as it was). If
 *       the queue is full (InfluxDB down for long), the batch's points are parked in the dead letters
 *       at once, replayable.</li>
 *   <li>{@code influxdb-queue}: takes the queue in order, collects each batch's points and gathers them
 *       until {@code batch-points} are waiting or {@code flush-interval} passed, then writes them.</li>
 *   <li>{@code influxdb-write}: sets the database up if not done yet, writes one {@code BatchPoints};
 *       a failure is tried again with exponential back-off ({@code deepseaguard.influxdb.retry}), then
 *       the points are parked (as {@link TimeSeriesBatch} JSON) with the reason; a replay comes back
 *       here. Points are unique by measurement, tags and time, so a second write of the same points
 *       changes nothing.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.influxdb.enabled", havingValue = "true")
public class InfluxRoutes extends EndpointRouteBuilder {

    static final String WRITE_ENDPOINT = "direct:influxdb-write";
    private static final String BATCH_PROPERTY = "deepseaguardTimeSeriesBatch";

    private final InfluxProperties properties;
    private final InfluxPoints points;
    private final InfluxSchema schema;
    private final DeadLetterStamper stamper;

    public InfluxRoutes(InfluxProperties properties, InfluxPoints points, InfluxSchema schema, DeadLetterStamper stamper) {
        this.properties = properties;
        this.points = points;
        this.schema = schema;
        this.stamper = stamper;
    }

    @Override
    public void configure() {
        from(direct("influxdb-publish")).routeId("influxdb-publish")
                .doTry()
                    .to(ExchangePattern.InOnly, seda("influxdb").size(properties.queueSize()).advanced().blockWhenFull(false))
                        .id("influxdb-enqueue")
                .doCatch(IllegalStateException.class)
                    // park the batch's points, then give the caller its message back as it was
                    .claimCheck(ClaimCheckOperation.Push)
                    .bean(points, "collect").id("influxdb-overflow-collect")
                    .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(WRITE_ENDPOINT))
                    .setHeader(DeadLetterHeaders.REASON, simple("InfluxDB queue full, points not written: ${exception.message}"))
                    .setHeader(DeadLetterHeaders.ROUTE_ID, constant("influxdb-publish"))
                    .setHeader(DeadLetterHeaders.EXCEPTION_CLASS, simple("${exception.class.name}"))
                    .to(direct("dead-letter-park")).id("influxdb-overflow-park")
                    .removeProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY)
                    .claimCheck(ClaimCheckOperation.Pop)
                .end();

        from(seda("influxdb").size(properties.queueSize())).routeId("influxdb-queue")
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .bean(points, "collect").id("influxdb-collect")
                .filter(exchange -> exchange.getMessage().getBody(TimeSeriesBatch.class).size() > 0)
                    .aggregate(constant(true), new Gather())
                        .completionPredicate(exchange -> exchange.getMessage().getBody(Gathered.class).size >= properties.batchPoints())
                        .completionInterval(properties.flushInterval().toMillis())
                        .forceCompletionOnStop()
                        .to(direct("influxdb-write")).id("influxdb-flush")
                    .end()
                .end();

        InfluxProperties.Retry retry = properties.retry();
        DeadLetterChannelBuilder errors = deadLetterChannel(DeadLetterRouteConfiguration.PARK_URI);
        errors.deadLetterHandleNewException(false);
        errors.maximumRedeliveries(retry.maximumRedeliveries())
                .redeliveryDelay(retry.delay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(retry.multiplier())
                .maximumRedeliveryDelay(retry.maximumDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhausted(true)
                .logExhaustedMessageHistory(false)
                .onExceptionOccurred(new FailureOrigin())
                // park what came in (the points as JSON), not the client's request object
                .onPrepareFailure(exchange -> {
                    exchange.getMessage().setBody(exchange.getProperty(BATCH_PROPERTY));
                    stamper.process(exchange);
                });
        from(direct("influxdb-write")).routeId("influxdb-write")
                .errorHandler(errors)
                .setProperty(BATCH_PROPERTY, body())
                .setProperty(DeadLetterHeaders.REPLAY_ENDPOINT_PROPERTY, constant(WRITE_ENDPOINT))
                .bean(schema, "ensure").id("influxdb-schema")
                .bean(points, "toBatchPoints").id("influxdb-points")
                .to(influxdb("influxDb").databaseName(properties.database()).retentionPolicy(properties.retentionPolicy())
                        .batch(true)).id("influxdb-write-points");
    }

    /** Points waiting for a write: appended in place (a copy per batch would be quadratic). */
    static final class Gathered {
        final List<Telemetry> fixes = new ArrayList<>();
        final List<TimeSeriesBatch.Transition> violations = new ArrayList<>();
        int size;

        void add(TimeSeriesBatch batch) {
            fixes.addAll(batch.fixes());
            violations.addAll(batch.violations());
            size += batch.size();
        }
    }

    /** Gathers batches in arrival order; the completed exchange carries one {@link TimeSeriesBatch}. */
    static final class Gather implements AggregationStrategy {

        @Override
        public Exchange aggregate(Exchange gathered, Exchange next) {
            TimeSeriesBatch batch = next.getMessage().getBody(TimeSeriesBatch.class);
            if (gathered == null) {
                Gathered g = new Gathered();
                g.add(batch);
                next.getMessage().setBody(g);
                return next;
            }
            gathered.getMessage().getBody(Gathered.class).add(batch);
            return gathered;
        }

        @Override
        public void onCompletion(Exchange exchange) {
            Gathered g = exchange.getMessage().getBody(Gathered.class);
            exchange.getMessage().setBody(new TimeSeriesBatch(g.fixes, g.violations));
        }
    }
}
