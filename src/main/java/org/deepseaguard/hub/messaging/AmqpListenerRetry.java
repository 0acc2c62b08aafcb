package org.deepseaguard.hub.messaging;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener-container retry of the manually acknowledged consumers: none. Redelivery with back-off
 * is the dead-letter channel's job; a message the route could park neither in the dead-letter table
 * nor on the broker's DLQ has already been negatively acknowledged with requeue
 * ({@link AmqpAcknowledgement}); the container must neither retry it in memory nor reject it.
 */
final class AmqpListenerRetry {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpListenerRetry.class);

    private AmqpListenerRetry() {
    }

    static RetryOperationsInterceptor none() {
        return RetryInterceptorBuilder.stateless().maxAttempts(1).recoverer(new Requeued()).build();
    }

    /** Logs only: the message went back to the queue through the route's negative acknowledgement. */
    private static final class Requeued implements MessageRecoverer {
        @Override
        public void recover(Message message, Throwable cause) {
            LOG.debug("Delivery {} was requeued after: {}", message.getMessageProperties().getDeliveryTag(), cause.toString());
        }
    }
}
