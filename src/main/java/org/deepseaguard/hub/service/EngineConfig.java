package org.deepseaguard.hub.service;

import java.time.Clock;
import java.util.Map;
import org.deepseaguard.core.engine.ComplianceEngine;
import org.deepseaguard.core.engine.ExitHysteresis;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.config.EngineProperties;
import org.deepseaguard.hub.store.RuleRepository;
import org.deepseaguard.hub.store.ZoneRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The compliance engine, built from the zones and rules in the database at startup and the exit
 * hysteresis of {@code deepseaguard.engine.hysteresis} (none by default).
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfig {

    private static final Logger LOG = LoggerFactory.getLogger(EngineConfig.class);

    @Bean
    ComplianceEngine complianceEngine(ZoneRepository zones, RuleRepository rules, ZoneCodec zoneCodec, RuleCodec ruleCodec,
                                      EngineProperties properties) {
        Map<ZoneType, ExitHysteresis> hysteresis = properties.exitHysteresis();
        if (!hysteresis.isEmpty()) {
            LOG.info("Exit hysteresis by zone type: {}", hysteresis);
        }
        return new ComplianceEngine(
                zones.findAll().stream().map(zoneCodec::fromStored).toList(),
                rules.findAll().stream().map(r -> ruleCodec.readStored(r.definition(), r.version())).toList(),
                hysteresis);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
