package org.deepseaguard.hub.messaging;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Manual acknowledgement of a RabbitMQ delivery, tied to the end of the exchange's unit of work: the
 * message is acked once the route is done (the fix evaluated and its results persisted and
 * published, or the message parked: in the dead-letter table, or on the broker's DLQ when the table
 * cannot be written), and negatively acked with requeue only when the exchange still failed (the
 * database and the broker's DLQ both unreachable), so the broker delivers it again; a database that
 * is only unreachable is waited for with back-off before that (DeadLetterRouteConfiguration).
 *
 * <p>If the channel was closed meanwhile (connection lost), neither is possible: the broker requeues
 * every unacknowledged message of a closed channel by itself and delivers it again after the
 * reconnect, flagged redelivered. Processing is idempotent (same fix = duplicate), so nothing is lost
 * and nothing is counted twice. Stateless and thread-safe.
 */
@Component
public class AmqpAcknowledgement implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpAcknowledgement.class);

    @Override
    public void process(Exchange exchange) {
        Channel channel = exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
        Long deliveryTag = exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
        if (channel == null || deliveryTag == null) {
            throw new IllegalStateException("not a RabbitMQ delivery with manual acknowledgement: no channel or delivery tag");
        }
        exchange.getExchangeExtension().addOnCompletion(new OnCompletion(channel, deliveryTag));
    }

    private static final class OnCompletion extends SynchronizationAdapter {
        private final Channel channel;
        private final long deliveryTag;

        OnCompletion(Channel channel, long deliveryTag) {
            this.channel = channel;
            this.deliveryTag = deliveryTag;
        }

        @Override
        public void onComplete(Exchange exchange) {
            try {
                channel.basicAck(deliveryTag, false);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not ack delivery {} ({}); the broker will deliver it again", deliveryTag, e.toString());
            }
        }

        // stays with this exchange: a seda hand-off (analytics, InfluxDB) must not take the ack along
        @Override
        public boolean allowHandover() {
            return false;
        }

        @Override
        public void onFailure(Exchange exchange) {
            try {
                channel.basicNack(deliveryTag, false, true);
                LOG.warn("Delivery {} failed and was requeued: {}", deliveryTag, String.valueOf(exchange.getException()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not nack delivery {} ({}); the broker will deliver it again", deliveryTag, e.toString());
            }
        }
    }
}
