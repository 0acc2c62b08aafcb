package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.ConfigurationChanged;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.ZoneService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The configuration changes the zone and rule services announce (broadcast to other instances in
 * profile {@code stack}): a create that replaces an existing id is an {@code updated} change of its
 * next version, a new id a {@code created} one. The services are called on the test thread, where
 * the events are recorded.
 */
@RecordApplicationEvents
class ConfigurationChangedTest extends HubTestSupport {

    @Autowired
    ZoneService zones;
    @Autowired
    RuleService rules;
    @Autowired
    ObjectMapper json;
    @Autowired
    ApplicationEvents events;

    @Test
    void createOrReplaceAnnouncesCreatedAndUpdated() throws Exception {
        String a = id("Z-EV");
        String b = id("Z-EV");
        zones.create(json.readTree(squareZone(a, "custom", 90, 40, 1)), PropertyMapping.NATIVE, null, AuditActor.SYSTEM);
        zones.create(json.readTree("""
                {"type":"FeatureCollection","features":[%s,%s]}"""
                .formatted(squareZone(a, "custom", 90, 40, 2), squareZone(b, "custom", 93, 40, 1))),
                PropertyMapping.NATIVE, null, AuditActor.SYSTEM);

        String rule = id("R-EV");
        String definition = """
                {"rule_id":"%s","type":"restricted_zone","zone_ids":["%s"]}""".formatted(rule, a);
        rules.create(json.readTree(definition), AuditActor.SYSTEM);
        rules.create(json.readTree(definition), AuditActor.SYSTEM);

        assertThat(events.stream(ConfigurationChanged.class)).containsExactly(
                ConfigurationChanged.zone(a, 1, "created"),
                ConfigurationChanged.zone(a, 2, "updated"),
                ConfigurationChanged.zone(b, 1, "created"),
                ConfigurationChanged.rule(rule, 1, "created"),
                ConfigurationChanged.rule(rule, 2, "updated"));
    }
}
