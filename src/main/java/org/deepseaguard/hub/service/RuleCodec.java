package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.core.rules.ParameterReader;
import org.deepseaguard.core.rules.ParameterWriter;
import org.deepseaguard.core.rules.RuleKind;
import org.deepseaguard.core.rules.RuleTypes;
import org.springframework.stereotype.Component;

/**
 * Rules as JSON (DESIGN section 5 catalogue): reads a rule object with every field error
 * reported (common fields here, the type's parameters by its {@link RuleKind}, then
 * {@link Rule#validate()}), writes the snake_case form with {@code version}.
 *
 * <p>The written form is the common fields, then the parameter fields of every registered type
 * in registration order (null unless the rule's type has them: the shape rules always had, one
 * member per parameter), then {@code version}. A parameter field of another type is type-checked
 * when read, as before, but not kept.
 */
@Component
public class RuleCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every registered type's parameter fields, in order, each once. */
    private static final List<String> PARAMETER_FIELDS = parameterFields();

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
        String description = in.text("description", false);
        boolean enabled = in.bool("enabled", true);
        List<String> zoneIds = in.strings("zone_ids");
        List<ZoneType> zoneTypes = in.enums("zone_types", ZoneType::fromWire);
        List<String> auvIds = in.strings("auv_ids");
        Instant activeFrom = in.instant("active_from");
        Instant activeTo = in.instant("active_to");
        Record parameters = readParameters(type, in);
        if (ruleId != null && !ruleId.matches("[A-Za-z0-9_.:-]{1,128}")) {
            in.error("rule_id", "must be 1-128 of [A-Za-z0-9_.:-]");
        }
        if (errors.size() != before) {
            return null;
        }
        Rule rule = new Rule(ruleId, type, severity, description, enabled, zoneIds, zoneTypes, auvIds,
                activeFrom, activeTo, parameters, version);
        for (FieldError problem : rule.validate()) {
            in.error(problem.field(), problem.message());
        }
        return errors.size() == before ? rule : null;
    }

    /**
     * The parameters of {@code type} (null when it is unknown). Every registered type reads its
     * fields, each field checked once, so a wrong value in any parameter field is named whatever
     * the type, as when the rule carried every type's parameters.
     */
    private static Record readParameters(RuleType type, ParameterReader in) {
        ParameterReader once = new EachFieldOnce(in);
        Record own = null;
        for (RuleKind<?> kind : RuleTypes.all()) {
            Record p = kind.read(once);
            if (kind.type().equals(type)) {
                own = p;
            }
        }
        return own;
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
        return write(rule);
    }

    public String toText(Rule rule) {
        return toJson(rule).toString();
    }

    /** The rule's JSON object (see the class comment); also what the hub's ObjectMapper writes for a {@link Rule}. */
    public static ObjectNode write(Rule rule) {
        ObjectNode node = NODES.objectNode();
        node.put("rule_id", rule.ruleId());
        node.put("type", rule.type().wireName());
        node.put("severity", rule.severity().wireName());
        node.put("description", rule.description());
        node.put("enabled", rule.enabled());
        node.set("zone_ids", strings(rule.zoneIds()));
        node.set("zone_types", strings(rule.zoneTypes().stream().map(ZoneType::wireName).toList()));
        node.set("auv_ids", strings(rule.auvIds()));
        node.put("active_from", rule.activeFrom() == null ? null : rule.activeFrom().toString());
        node.put("active_to", rule.activeTo() == null ? null : rule.activeTo().toString());
        for (String field : PARAMETER_FIELDS) {
            node.putNull(field);
        }
        // put keeps a member's place, so the type's values land in the fixed order above
        RuleTypes.of(rule.type()).writeParametersOf(rule, new ParameterWriter() {
            @Override
            public void number(String field, Double value) {
                node.put(field, value);
            }

            @Override
            public void integer(String field, Long value) {
                node.put(field, value);
            }
        });
        node.put("version", rule.version());
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }

    /** The field names the registered types write, found by writing each type's parameters read from nothing. */
    private static List<String> parameterFields() {
        Set<String> fields = new LinkedHashSet<>();
        ParameterReader nothing = ParameterReader.of(Map.of());
        ParameterWriter names = new ParameterWriter() {
            @Override
            public void number(String field, Double value) {
                fields.add(field);
            }

            @Override
            public void integer(String field, Long value) {
                fields.add(field);
            }
        };
        for (RuleKind<?> kind : RuleTypes.all()) {
            writeRead(kind, nothing, names);
        }
        return List.copyOf(fields);
    }

    private static <P extends Record> void writeRead(RuleKind<P> kind, ParameterReader in, ParameterWriter out) {
        kind.write(kind.read(in), out);
    }

    /**
     * Passes each field's first read to the reader (which reports a wrong value) and answers later
     * reads of the same field from that one, so a field two types share is reported once.
     */
    private static final class EachFieldOnce implements ParameterReader {
        private final ParameterReader in;
        private final Map<String, Object> read = new HashMap<>();

        EachFieldOnce(ParameterReader in) {
            this.in = in;
        }

        @Override
        public Double number(String field) {
            if (read.containsKey(field)) {
                Object v = read.get(field);
                return v instanceof Number n ? n.doubleValue() : null;
            }
            Double v = in.number(field);
            read.put(field, v);
            return v;
        }

        @Override
        public Long integer(String field) {
            if (read.containsKey(field)) {
                Object v = read.get(field);
                return v instanceof Long n ? n : null;
            }
            Long v = in.integer(field);
            read.put(field, v);
            return v;
        }
    }
}
