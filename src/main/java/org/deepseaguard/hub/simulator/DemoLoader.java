package org.deepseaguard.hub.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.service.RuleCodec;
import org.deepseaguard.hub.service.AuditActor;
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
 *
 * <p>The demo rules are scoped to the simulated fleet: each gets {@code auv_ids} = the simulator's
 * vehicle ids ({@code SIM-001}..), so vehicles of users and tests never get demo violations. A demo
 * rule stored by an earlier start with another scope (none, as before the demo was scoped, or
 * another fleet size) but otherwise as in {@code demo/rules.json} is scoped anew, as its next
 * version; a demo rule a user changed in any other way (or replaced, e.g. by posting {@code R-APEI})
 * is left alone.
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
    private final RuleCodec ruleCodec;
    private final VehicleService vehicles;
    private final FleetSimulator simulator;
    private final ObjectMapper json;

    public DemoLoader(ZoneService zones, RuleService rules, RuleCodec ruleCodec, VehicleService vehicles,
                      FleetSimulator simulator, ObjectMapper json) {
        this.zones = zones;
        this.rules = rules;
        this.ruleCodec = ruleCodec;
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
        List<String> fleet = simulator.vehicles().stream().map(Vehicle::auvId).sorted().toList();
        ArrayNode toStore = json.createArrayNode();
        for (JsonNode rule : read("demo/rules.json")) {
            ObjectNode scoped = rule.deepCopy();
            scoped.set("auv_ids", json.valueToTree(fleet));
            Optional<Rule> stored = rules.find(rule.path("rule_id").asText());
            if (stored.isEmpty() || scopedOtherwise(stored.get(), scoped)) {
                toStore.add(scoped);
            }
        }
        if (!toStore.isEmpty()) {
            rules.create(toStore, AuditActor.SYSTEM);
        }
        long registered = simulator.vehicles().stream().filter(vehicles::registerIfAbsent).count();
        LOG.info("Demo: {} APEIs and {} contract areas loaded (Source: International Seabed Authority), "
                + "{} demo rules stored (scoped to {} simulated vehicles) and {} simulated vehicles added",
                apeis, areas, toStore.size(), fleet.size(), registered);
    }

    /**
     * True when {@code stored} is the demo rule {@code wanted} with another demo scope: no
     * {@code auv_ids}, or only simulated ones, but not the ones wanted; everything else equal.
     */
    private boolean scopedOtherwise(Rule stored, JsonNode wanted) {
        List<String> storedScope = stored.auvIds();
        boolean demoScope = storedScope.stream().allMatch(id -> id.startsWith("SIM-"));
        ObjectNode storedJson = ruleCodec.toJson(stored);
        ObjectNode wantedJson = ruleCodec.toJson(ruleCodec.readStored(wanted.toString(), stored.version()));
        boolean scopeDiffers = !storedJson.get("auv_ids").equals(wantedJson.get("auv_ids"));
        storedJson.remove("auv_ids");
        wantedJson.remove("auv_ids");
        return demoScope && scopeDiffers && storedJson.equals(wantedJson);
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
