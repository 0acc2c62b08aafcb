package org.deepseaguard.hub.service;

import java.time.Clock;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.hub.store.RuleRepository;
import org.deepseaguard.hub.store.ZoneRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The compliance engine, built from the zones and rules in the database at startup. */
@Configuration(proxyBeanMethods = false)
public class EngineConfig {

    @Bean
    ComplianceEngine complianceEngine(ZoneRepository zones, RuleRepository rules, ZoneCodec zoneCodec, RuleCodec ruleCodec) {
        return new ComplianceEngine(
                zones.findAll().stream().map(zoneCodec::fromStored).toList(),
                rules.findAll().stream().map(r -> ruleCodec.readStored(r.definition(), r.version())).toList());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
