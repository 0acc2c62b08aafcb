package org.deepseaguard.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The DeepSeaGuard hub: Spring Boot + Apache Camel around the {@code org.deepseaguard.core} library. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeepSeaGuardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeepSeaGuardApplication.class, args);
    }
}
