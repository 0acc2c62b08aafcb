package org.deepseaguard.hub.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.service.VehicleService;
import org.deepseaguard.hub.service.ZoneService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The demo ({@code deepseaguard.demo.enabled}): before the routes start, loads the real ISA zones
 * (13 APEIs, 57 contract areas; Source: International Seabed Authority), the demo rules and the
 * simulated fleet's registrations, each only if absent, so restarts change nothing.
 */
@Component
@ConditionalOnProperty(name = "deepseaguard.demo.enabled", havingValue = "true")
public class DemoLoader implements InitializingBean {

    static final String APEI_SOURCE = "Source: International Seabed Authority, APEIs (ISBA/18/C/22, ISBA/26/C/58)";
    static final String CONTRACT_SOURCE =
            "Source: International Seabed Authority, polymetallic nodule exploration contract areas (CCZ)";

    private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);

    private final ZoneService zones;
    private final RuleService rules;
    private final VehicleService vehicles;
    private final FleetSimulator simulator;
    private final ObjectMapper json;

    public DemoLoader(ZoneService zones, RuleService rules, VehicleService vehicles, FleetSimulator simulator,
                      ObjectMapper json) {
        this.zones = zones;
        this.rules = rules;
        this.vehicles = vehicles;
        this.simulator = simulator;
        this.json = json;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        int apeis = load("isa/isa_apeis_ccz.geojson",
                new PropertyMapping("Remarks", "Remarks", ZoneType.APEI, null), APEI_SOURCE);
        int areas = load("isa/isa_ccz_nodule_contract_areas.geojson",
                new PropertyMapping("AreaKey", "AreaKey", ZoneType.CONTRACT_AREA, "ContractID"), CONTRACT_SOURCE);
        ArrayNode absentRules = json.createArrayNode();
        for (JsonNode rule : read("demo/rules.json")) {
            if (rules.find(rule.path("rule_id").asText()).isEmpty()) {
                absentRules.add(rule);
            }
        }
        if (!absentRules.isEmpty()) {
            rules.create(absentRules);
        }
        long registered = simulator.vehicles().stream().filter(vehicles::registerIfAbsent).count();
        LOG.info("Demo: {} APEIs and {} contract areas loaded (Source: International Seabed Authority), "
                + "{} demo rules and {} simulated vehicles added", apeis, areas, absentRules.size(), registered);
    }

    private int load(String resource, PropertyMapping mapping, String source) throws IOException {
        List<Zone> read = GeoJsonZones.read(read(resource), mapping).stream()
                .map(z -> ZoneService.withSource(z, source)).toList();
        return zones.createAbsent(read).size();
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return json.readTree(in);
        }
    }
}
