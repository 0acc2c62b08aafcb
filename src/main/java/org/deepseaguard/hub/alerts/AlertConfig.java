package org.deepseaguard.hub.alerts;

import javax.sql.DataSource;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.deepseaguard.hub.deadletter.DeadLetterRouteConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The persistent store of open warning batches (tables from Flyway V2). */
@Configuration(proxyBeanMethods = false)
public class AlertConfig {

    @Bean
    JdbcAggregationRepository warningBatchRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, "warning_batches", dataSource);
        repository.setUseRecovery(true);
        repository.setMaximumRedeliveries(5);
        repository.setDeadLetterUri(DeadLetterRouteConfiguration.PARK_URI);
        return repository;
    }
}
