package org.deepseaguard.hub.messaging;

import org.deepseaguard.hub.deadletter.DeadLetterProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the settings of the messaging backbone and of the dead-letter channel. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AmqpProperties.class, IngestProperties.class, AnalyticsProperties.class,
        DeadLetterProperties.class})
public class MessagingConfiguration {
}
