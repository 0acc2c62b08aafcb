package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.hub.service.RuleCodec;
import org.deepseaguard.hub.service.VehicleService;
import org.deepseaguard.hub.service.ZoneCodec;
import org.deepseaguard.hub.store.RuleRepository;
import org.deepseaguard.hub.store.VehicleRepository;
import org.deepseaguard.hub.store.ZoneRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Zone and rule changes go out on the zone_updates / compliance_rules exchanges, and a change
 * announced there by another instance (written to the shared database, not through this
 * instance's API) is applied here without a restart.
 */
@StackIT
class ConfigBroadcastIT extends StackTestSupport {

    private static final Instant T0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private ZoneRepository zoneRepository;
    @Autowired
    private ZoneCodec zoneCodec;
    @Autowired
    private RuleRepository ruleRepository;
    @Autowired
    private RuleCodec ruleCodec;
    @Autowired
    private VehicleRepository vehicleRepository;
    @Autowired
    private VehicleService vehicles;

    private String zoneListener;
    private String ruleListener;

    /**
     * A queue of the test's own on each fanout exchange, like another hub instance has (exclusive but
     * not auto-delete: it is read several times).
     */
    @BeforeEach
    void listenToTheExchanges() {
        zoneListener = listenTo("zone_updates");
        ruleListener = listenTo("compliance_rules");
        purgeOutputs();
    }

    private String listenTo(String exchange) {
        Queue queue = QueueBuilder.nonDurable(new Base64UrlNamingStrategy("it." + exchange + ".").generateName())
                .exclusive().build();
        amqpAdmin.declareQueue(queue);
        amqpAdmin.declareBinding(BindingBuilder.bind(queue).to(new FanoutExchange(exchange)));
        return queue.getName();
    }

    @AfterEach
    void dropListeners() {
        amqpAdmin.deleteQueue(zoneListener);
        amqpAdmin.deleteQueue(ruleListener);
    }

    @Test
    void zoneAndRuleChangesThroughTheApiAreBroadcast() {
        apiJson("POST", "/zones", squareZone("IT-CFG-Z1", "apei", 30.0, 10.0, 31.0, 11.0), 201);
        assertChange(receive(zoneListener), "zone", "IT-CFG-Z1", 1, "created");

        apiJson("PUT", "/zones/IT-CFG-Z1", squareZone("IT-CFG-Z1", "apei", 30.0, 10.0, 32.0, 11.0), 200);
        assertChange(receive(zoneListener), "zone", "IT-CFG-Z1", 2, "updated");

        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-CFG-1","type":"restricted_zone","severity":"warning","zone_ids":["IT-CFG-Z1"]}""", 201);
        assertChange(receive(ruleListener), "rule", "R-IT-CFG-1", 1, "created");

        api("DELETE", "/rules/R-IT-CFG-1", null);
        assertChange(receive(ruleListener), "rule", "R-IT-CFG-1", 2, "deleted");
        api("DELETE", "/zones/IT-CFG-Z1", null);
        assertChange(receive(zoneListener), "zone", "IT-CFG-Z1", 3, "deleted");
    }

    @Test
    void aChangeMadeByAnotherInstanceIsAppliedHereWithoutRestart() {
        // another instance writes a zone and a rule to the shared database and announces them
        Zone zone = GeoJsonZones.read(json(squareZone("IT-CFG-Z2", "apei", 40.0, 10.0, 41.0, 11.0)), PropertyMapping.NATIVE)
                .get(0).withVersion(1);
        zoneRepository.insert(zoneCodec.toRow(zone), Instant.now());
        List<FieldError> errors = new ArrayList<>();
        Rule rule = ruleCodec.read(json("""
                {"rule_id":"R-IT-CFG-2","type":"restricted_zone","severity":"critical","zone_ids":["IT-CFG-Z2"]}"""),
                "", 1, errors);
        assertThat(errors).isEmpty();
        ruleRepository.insert(new RuleRepository.RuleRow(rule.ruleId(), rule.type().wireName(), rule.severity().wireName(),
                rule.enabled(), 1, ruleCodec.toText(rule)), Instant.now());
        assertThat(api("GET", "/zones/IT-CFG-Z2", null).statusCode()).as("not known here yet").isEqualTo(404);

        announce("zone_updates", "{\"kind\":\"zone\",\"id\":\"IT-CFG-Z2\",\"version\":1,\"action\":\"created\"}");
        announce("compliance_rules", "{\"kind\":\"rule\",\"id\":\"R-IT-CFG-2\",\"version\":1,\"action\":\"created\"}");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(api("GET", "/zones/IT-CFG-Z2", null).statusCode()).isEqualTo(200);
            assertThat(api("GET", "/rules/R-IT-CFG-2", null).statusCode()).isEqualTo(200);
        });

        // and the engine judges with them: a fix inside the new zone breaches the new rule
        publishFix("AUV-CFG-1", fix("AUV-CFG-1", T0, 10.5, 40.5, 3000.0));
        JsonNode violation = body(receive("compliance_violations"));
        assertThat(violation.get("rule_id").asText()).isEqualTo("R-IT-CFG-2");
        assertThat(violation.get("zone_id").asText()).isEqualTo("IT-CFG-Z2");
        assertThat(body(receive("geofencing_events")).get("zone_id").asText()).isEqualTo("IT-CFG-Z2");
    }

    @Test
    void aRegistrationChangedByAnotherInstanceJudgesTheNextFixHere() {
        // through this instance's API: announced on compliance_rules like a rule
        apiJson("POST", "/auvs", "{\"auv_id\":\"AUV-CFG-R1\",\"contract_ids\":[\"IT-CFG-C\"]}", 201);
        assertChange(receive(ruleListener), "vehicle", "AUV-CFG-R1", 1, "created");

        apiJson("POST", "/zones", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[50,10],[51,10],[51,11],[50,11],[50,10]]]},
                 "properties":{"zone_id":"IT-CFG-CA","zone_type":"contract_area","contract_id":"IT-CFG-C"}}""", 201);
        apiJson("POST", "/rules", """
                {"rule_id":"R-IT-CFG-AUTH","type":"unauthorized_entry","severity":"critical","zone_ids":["IT-CFG-CA"]}""", 201);
        // another instance takes the contract away: written to the shared database and announced
        vehicleRepository.update(new Vehicle("AUV-CFG-R1", null, null, List.of(), null, null, 2), Instant.now());
        announce("compliance_rules", "{\"kind\":\"vehicle\",\"id\":\"AUV-CFG-R1\",\"version\":2,\"action\":\"updated\"}");
        await().atMost(WAIT).until(() -> vehicles.find("AUV-CFG-R1").map(Vehicle::version).orElse(0) == 2);
        purgeOutputs();

        // the next fix in the contract area is judged by version 2: no contract, unauthorized
        publishFix("AUV-CFG-R1", fix("AUV-CFG-R1", T0, 10.5, 50.5, 3000.0));
        JsonNode violation = body(receive("compliance_violations"));
        assertThat(violation.get("rule_id").asText()).isEqualTo("R-IT-CFG-AUTH");
        assertThat(violation.get("registration_version").asInt()).isEqualTo(2);
    }

    private void announce(String exchange, String change) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        rabbit.send(exchange, "", new Message(change.getBytes(StandardCharsets.UTF_8), properties));
    }

    private void assertChange(Message message, String kind, String id, int version, String action) {
        assertThat(message.getMessageProperties().getHeaders()).containsEntry("event_type", kind + "_" + action);
        JsonNode change = body(message);
        assertThat(change.get("kind").asText()).isEqualTo(kind);
        assertThat(change.get("id").asText()).isEqualTo(id);
        assertThat(change.get("version").asInt()).isEqualTo(version);
        assertThat(change.get("action").asText()).isEqualTo(action);
    }

    private JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
