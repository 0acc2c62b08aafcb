package org.deepseaguard.hub.alerts;

import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SMTP server of the alert email comes from Spring Boot's {@code spring.mail.*}: host and port
 * are resolved as placeholders by route {@code alerts-email}; the credentials are set here on Camel's
 * mail components (never in an endpoint URI, so they appear in no log or route dump).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
public class AlertEmailConfig {

    @Bean
    ComponentCustomizer smtpCredentials(MailProperties smtp) {
        return ComponentCustomizer.builder(MailComponent.class).build(component -> {
            if (smtp.getUsername() != null && !smtp.getUsername().isBlank()) {
                component.getConfiguration().setUsername(smtp.getUsername());
            }
            if (smtp.getPassword() != null && !smtp.getPassword().isBlank()) {
                component.getConfiguration().setPassword(smtp.getPassword());
            }
        });
    }
}
