package org.deepseaguard.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.BadInput;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.rules.MinDepthRule;
import org.deepseaguard.hub.config.JsonConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule JSON is what it was before rule types became classes: the expected texts below were
 * written by the RuleCodec of commit 2cb7c06 (one nullable field per parameter) from the same
 * input, byte for byte, and so were the errors.
 */
class RuleCodecTest {

    private static final RuleCodec CODEC = new RuleCodec(BadInput.MAPPER);
    /** As the hub's ObjectMapper: with JsonConfig's serializer for rules. */
    private static final ObjectMapper HUB_MAPPER = BadInput.MAPPER.copy()
            .registerModule(new SimpleModule().addSerializer(Rule.class, new JsonConfig.RuleSerializer()));

    private static Rule read(String json, List<FieldError> errors) throws JsonProcessingException {
        return CODEC.read(BadInput.MAPPER.readTree(json), "", 1, errors);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"rule_id":"R-APEI","type":"restricted_zone","severity":"critical","zone_types":["apei"],"description":"APEIs"} | {"rule_id":"R-APEI","type":"restricted_zone","severity":"critical","description":"APEIs","enabled":true,"zone_ids":[],"zone_types":["apei"],"auv_ids":[],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":null,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-UNAUTH","type":"unauthorized_entry","severity":"critical","zone_types":["contract_area"],"auv_ids":["A","B"]} | {"rule_id":"R-UNAUTH","type":"unauthorized_entry","severity":"critical","description":null,"enabled":true,"zone_ids":[],"zone_types":["contract_area"],"auv_ids":["A","B"],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":null,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-DEPTH","type":"depth_limit","max_depth":6000,"min_depth":100.5,"active_from":"2026-11-27T08:00:00Z","active_to":"2026-11-28T08:00:00.123Z"} | {"rule_id":"R-DEPTH","type":"depth_limit","severity":"warning","description":null,"enabled":true,"zone_ids":[],"zone_types":[],"auv_ids":[],"active_from":"2026-11-27T08:00:00Z","active_to":"2026-11-28T08:00:00.123Z","min_depth":100.5,"max_depth":6000.0,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":null,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-DWELL","type":"max_dwell","severity":"warning","zone_ids":["Z1"],"max_dwell_seconds":3600,"enabled":false} | {"rule_id":"R-DWELL","type":"max_dwell","severity":"warning","description":null,"enabled":false,"zone_ids":["Z1"],"zone_types":[],"auv_ids":[],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":3600,"max_speed_mps":null,"min_distance_m":null,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-SPEED","type":"speed_limit","max_speed_mps":3.0,"severity":"info"} | {"rule_id":"R-SPEED","type":"speed_limit","severity":"info","description":null,"enabled":true,"zone_ids":[],"zone_types":[],"auv_ids":[],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":3.0,"min_distance_m":null,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-PROX","type":"proximity","zone_types":["apei"],"min_distance_m":10000} | {"rule_id":"R-PROX","type":"proximity","severity":"warning","description":null,"enabled":true,"zone_ids":[],"zone_types":["apei"],"auv_ids":[],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":10000.0,"max_gap_seconds":null,"version":1}
            {"rule_id":"R-GAP","type":"telemetry_gap","max_gap_seconds":120} | {"rule_id":"R-GAP","type":"telemetry_gap","severity":"warning","description":null,"enabled":true,"zone_ids":[],"zone_types":[],"auv_ids":[],"active_from":null,"active_to":null,"min_depth":null,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,"min_distance_m":null,"max_gap_seconds":120,"version":1}
            """)
    void existingTypesAreWrittenAsBefore(String input, String expected) throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        Rule rule = read(input, errors);
        assertThat(errors).isEmpty();
        assertThat(CODEC.toText(rule)).isEqualTo(expected);
        // the hub's ObjectMapper writes a Rule through the same writer (answers of /api/v1/rules)
        assertThat(HUB_MAPPER.writeValueAsString(rule)).isEqualTo(expected);
        assertThat(CODEC.readStored(expected, 1)).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"rule_id":"R-X","type":"depth_limit","min_depth":5000,"max_depth":4000} | min_depth: must not exceed max_depth
            {"rule_id":"R-X","type":"depth_limit"} | min_depth: min_depth or max_depth is required for depth_limit
            {"rule_id":"R-X","type":"max_dwell","max_dwell_seconds":0} | max_dwell_seconds: a positive number is required for max_dwell
            {"rule_id":"R-X","type":"max_dwell","max_dwell_seconds":1.5} | max_dwell_seconds: must be an integer
            {"rule_id":"R-X","type":"speed_limit","max_speed_mps":"fast"} | max_speed_mps: must be a finite number
            {"rule_id":" ","type":"proximity","min_distance_m":-1,"active_from":"2026-11-28T08:00:00Z","active_to":"2026-11-27T08:00:00Z"} | rule_id: must be 1-128 of [A-Za-z0-9_.:-]
            {"rule_id":"R-X","type":"telemetry_gap"} | max_gap_seconds: a positive number is required for telemetry_gap
            {"type":"teleport","max_depth":"x","severity":"loud"} | rule_id: is required; type: unknown rule type 'teleport'; severity: unknown severity 'loud'; max_depth: must be a finite number
            {"rule_id":"R-X","type":"restricted_zone","max_dwell_seconds":"x","min_distance_m":true} | max_dwell_seconds: must be an integer; min_distance_m: must be a finite number
            [1] | body: must be a JSON object
            """)
    void badRulesAreRefusedWithTheSameErrorsAsBefore(String input, String expected) throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        assertThat(read(input, errors)).isNull();
        assertThat(errors).extracting(e -> e.field() + ": " + e.message()).containsExactly(expected.split("; "));
    }

    @Test
    void minDepthIsReadValidatedAndWrittenInTheSameShape() throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        Rule rule = read("""
                {"rule_id":"R-SHALLOW","type":"min_depth","severity":"warning","zone_types":["apei"],"min_depth":1000}""",
                errors);
        assertThat(errors).isEmpty();
        assertThat(rule.parameters()).isEqualTo(new MinDepthRule.Params(1000.0));
        assertThat(CODEC.toText(rule)).isEqualTo("""
                {"rule_id":"R-SHALLOW","type":"min_depth","severity":"warning","description":null,"enabled":true,\
                "zone_ids":[],"zone_types":["apei"],"auv_ids":[],"active_from":null,"active_to":null,\
                "min_depth":1000.0,"max_depth":null,"max_dwell_seconds":null,"max_speed_mps":null,\
                "min_distance_m":null,"max_gap_seconds":null,"version":1}""");
        assertThat(CODEC.readStored(CODEC.toText(rule), 1)).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"rule_id":"R-X","type":"min_depth"} | min_depth: a positive number is required for min_depth
            {"rule_id":"R-X","type":"min_depth","min_depth":-5} | min_depth: a positive number is required for min_depth
            {"rule_id":"R-X","type":"min_depth","min_depth":0} | min_depth: a positive number is required for min_depth
            {"rule_id":"R-X","type":"min_depth","min_depth":"deep"} | min_depth: must be a finite number
            {"rule_id":"R-X","type":"min_depth","min_depth":[1000]} | min_depth: must be a finite number
            """)
    void aBadMinDepthLimitNamesTheField(String input, String expected) throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        assertThat(read(input, errors)).isNull();
        assertThat(errors).extracting(e -> e.field() + ": " + e.message()).containsExactly(expected);
    }

    @Test
    void aParameterOfAnotherTypeIsCheckedButNotKept() throws JsonProcessingException {
        List<FieldError> errors = new ArrayList<>();
        Rule rule = read("""
                {"rule_id":"R-X","type":"restricted_zone","max_dwell_seconds":60}""", errors);
        assertThat(errors).isEmpty();
        assertThat(CODEC.toJson(rule).get("max_dwell_seconds").isNull()).isTrue();
    }
}
