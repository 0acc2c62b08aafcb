package org.deepseaguard.hub.messaging;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.deepseaguard.hub.deadletter.DeadLetterStamper;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The AMQP batch window of route {@code ingest-amqp}: deliveries (manual acknowledgement) are
 * collected into a {@link Batch} ({@link #aggregate}), the batch goes through the pipeline as one
 * unit of work, and only then is every delivery of it acknowledged ({@link #process}: on the batch
 * exchange's completion; negatively, with requeue, when it failed). Items the pipeline refused are
 * parked one by one in the dead letters with their reason ({@link #rejections}); a batch that
 * failed as a whole is taken apart ({@link #messages}) and each message goes through the pipeline
 * on its own, so one poison message never holds the others back. Stateless and thread-safe.
 */
@Component
public class AmqpBatches implements AggregationStrategy, Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpBatches.class);

    /** One delivery waiting for its batch to be done. */
    public record Delivery(Object body, Map<String, Object> headers, Channel channel, long tag) {
    }

    /** The deliveries of one window, in the order they arrived. */
    public record Batch(List<Delivery> deliveries) {
    }

    private final Clock clock;

    public AmqpBatches(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange delivery) {
        Message in = delivery.getMessage();
        Channel channel = delivery.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
        Long tag = in.getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            throw new IllegalStateException("not a RabbitMQ delivery with manual acknowledgement: no channel or delivery tag");
        }
        // a copy that takes null header values (Map.copyOf would refuse them and the delivery would never be acked)
        Delivery d = new Delivery(in.getBody(), new HashMap<>(in.getHeaders()), channel, tag);
        if (batch == null) {
            List<Delivery> deliveries = new ArrayList<>();
            deliveries.add(d);
            in.setBody(new Batch(deliveries));
            return delivery;
        }
        batch.getMessage().getBody(Batch.class).deliveries().add(d);
        return batch;
    }

    /** Acknowledges every delivery of the batch when its exchange is done. */
    @Override
    public void process(Exchange exchange) {
        Batch batch = exchange.getMessage().getBody(Batch.class);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(batch, true, null);
            }

            @Override
            public void onFailure(Exchange failed) {
                settle(batch, false, failed.getException());
            }

            // stays with this exchange: a seda hand-off (analytics, InfluxDB) must not take the ack along
            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }

    /** The message bodies, as the pipeline takes a batch. */
    public List<Object> bodies(Batch batch) {
        List<Object> bodies = new ArrayList<>(batch.deliveries().size());
        batch.deliveries().forEach(d -> bodies.add(d.body()));
        return bodies;
    }

    /** A message for each refused item: its original body and headers, the reason stamped. */
    public List<Message> rejections(Batch batch, BatchResult result, Exchange exchange) {
        List<Message> parked = new ArrayList<>(result.rejected().size());
        for (TelemetryBatch.Rejected rejected : result.rejected()) {
            Message m = message(batch.deliveries().get(rejected.index()), exchange);
            DeadLetterStamper.refused(m, rejected.errors(), "amqp", clock.instant());
            parked.add(m);
        }
        return parked;
    }

    /** Every delivery as a message of its own (original body and headers). */
    public List<Message> messages(Batch batch, Exchange exchange) {
        List<Message> messages = new ArrayList<>(batch.deliveries().size());
        batch.deliveries().forEach(d -> messages.add(message(d, exchange)));
        return messages;
    }

    private static Message message(Delivery d, Exchange exchange) {
        Message m = new DefaultMessage(exchange.getContext());
        m.setBody(d.body());
        m.setHeaders(new HashMap<>(d.headers()));
        return m;
    }

    private static void settle(Batch batch, boolean ack, Exception failure) {
        // one consumer: a batch's deliveries are consecutive on their channel and every earlier one is
        // settled already, so one "multiple" ack (or nack) up to the highest tag settles them all
        Map<Channel, Long> highest = new HashMap<>();
        batch.deliveries().forEach(d -> highest.merge(d.channel(), d.tag(), Math::max));
        highest.forEach((channel, tag) -> {
            try {
                if (ack) {
                    channel.basicAck(tag, true);
                } else {
                    channel.basicNack(tag, true, true);
                }
            } catch (IOException | RuntimeException e) {
                // a closed channel: the broker requeues every unacknowledged delivery by itself
                LOG.warn("Could not {} deliveries up to {} ({}); the broker will deliver them again", ack ? "ack" : "nack",
                        tag, e.toString());
            }
        });
        if (!ack) {
            LOG.warn("A batch of {} deliveries failed and was requeued: {}", batch.deliveries().size(), String.valueOf(failure));
        }
    }
}
