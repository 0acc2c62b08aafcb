package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.ZoneType;
import org.springframework.stereotype.Component;

/**
 * Rules as JSON (DESIGN section 5 catalogue): reads a rule object with every field error
 * reported (type checks here, parameter checks by {@link Rule#validate()}), writes the snake_case
 * form with {@code version}.
 */
@Component
public class RuleCodec {

    private final ObjectMapper json;

    public RuleCodec(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads one rule object; field names in errors start with {@code prefix}.
     *
     * @return the rule with version {@code version}, or null when errors were added
     */
    public Rule read(JsonNode node, String prefix, int version, List<FieldError> errors) {
        int before = errors.size();
        JsonInput in = new JsonInput(node, prefix, errors);
        if (!node.isObject()) {
            return null;
        }
        String ruleId = in.text("rule_id", true);
        RuleType type = in.enumValue("type", RuleType::fromWire, true);
        Severity severity = in.enumValue("severity", Severity::fromWire, false);
        Rule rule = new Rule(ruleId == null ? "" : ruleId, type == null ? RuleType.RESTRICTED_ZONE : type,
                severity, in.text("description", false), in.bool("enabled", true),
                in.strings("zone_ids"), in.enums("zone_types", ZoneType::fromWire), in.strings("auv_ids"),
                in.instant("active_from"), in.instant("active_to"),
                in.number("min_depth"), in.number("max_depth"), in.integer("max_dwell_seconds"),
                in.number("max_speed_mps"), in.number("min_distance_m"), in.integer("max_gap_seconds"), version);
        if (ruleId != null && !ruleId.matches("[A-Za-z0-9_.:-]{1,128}")) {
            in.error("rule_id", "must be 1-128 of [A-Za-z0-9_.:-]");
        }
        if (type != null && errors.size() == before) {
            for (String problem : rule.validate()) {
                int colon = problem.indexOf(':');
                in.error(colon > 0 ? problem.substring(0, colon) : "rule", colon > 0 ? problem.substring(colon + 1).trim() : problem);
            }
        }
        return errors.size() == before ? rule : null;
    }

    /** Reads one stored definition (valid by construction). */
    public Rule readStored(String definition, int version) {
        try {
            List<FieldError> errors = new ArrayList<>();
            Rule rule = read(json.readTree(definition), "", version, errors);
            if (rule == null) {
                throw new InvalidInputException(errors);
            }
            return rule;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rule definition: " + definition, e);
        }
    }

    public ObjectNode toJson(Rule rule) {
        return json.valueToTree(rule);
    }

    public String toText(Rule rule) {
        return toJson(rule).toString();
    }
}
