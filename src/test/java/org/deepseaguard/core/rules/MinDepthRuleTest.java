package org.deepseaguard.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/** {@code min_depth}, the type added as one class: read, checked, written, judged at its limit. */
class MinDepthRuleTest {

    private static final MinDepthRule KIND = new MinDepthRule();
    private static final Zone APEI = zone("APEI-X", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));

    private static MinDepthRule.Params read(Map<String, ?> fields) {
        return KIND.read(ParameterReader.of(fields));
    }

    private static boolean breaches(double limit, Zone zone, double depth) {
        return KIND.breaches(new MinDepthRule.Params(limit), zone, new FixContext(fix(0, -117.3, 10.2, depth), null,
                null, Map.of()));
    }

    @Test
    void isRegisteredUnderItsWireName() {
        RuleType type = RuleType.fromWire("min_depth");
        assertThat(type.wireName()).isEqualTo("min_depth");
        assertThat(type).isSameAs(KIND.type()).isSameAs(RuleType.named("min_depth"));
        assertThat(RuleTypes.of(type)).isInstanceOf(MinDepthRule.class);
        assertThat(RuleType.values()).contains(type);
        assertThat(RuleType.fromWire("MIN_DEPTH")).isSameAs(type);
        assertThat(KIND.judgedIn()).isEqualTo(JudgedIn.MEMBER_ZONES);
        assertThat(KIND.isStateless()).as("late fixes are judged too").isTrue();
    }

    @Test
    void readsItsOneParameterAndIgnoresOthers() {
        assertThat(read(Map.of("min_depth", 1000))).isEqualTo(new MinDepthRule.Params(1000.0));
        assertThat(read(Map.of("min_depth", 250.5, "max_depth", 4000.0))).isEqualTo(new MinDepthRule.Params(250.5));
        assertThat(read(Map.of())).isEqualTo(new MinDepthRule.Params(null));
    }

    @Test
    void aMissingZeroNegativeOrInfiniteLimitIsNamed() {
        FieldError required = new FieldError("min_depth", "a positive number is required for min_depth");
        assertThat(KIND.validate(new MinDepthRule.Params(null))).containsExactly(required);
        assertThat(KIND.validate(new MinDepthRule.Params(-5.0))).containsExactly(required);
        assertThat(KIND.validate(new MinDepthRule.Params(0.0))).containsExactly(required);
        assertThat(KIND.validate(new MinDepthRule.Params(Double.NaN))).containsExactly(required);
        assertThat(KIND.validate(new MinDepthRule.Params(Double.POSITIVE_INFINITY))).containsExactly(required);
        assertThat(KIND.validate(new MinDepthRule.Params(0.1))).isEmpty();
    }

    @Test
    void theRuleValidatesThroughItsKind() {
        Rule rule = new Rule("R-MIN", KIND.type(), Severity.WARNING, null, true, null, null, null, null, null,
                new MinDepthRule.Params(null), 1);
        assertThat(rule.validate()).extracting(FieldError::field).containsExactly("min_depth");
        assertThatThrownBy(() -> new Rule("R-MIN", KIND.type(), Severity.WARNING, null, true, null, null, null, null,
                null, new DepthLimitRule.Params(1000.0, null), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MinDepthRule$Params");
    }

    @Test
    void writesItsParameter() {
        Map<String, Object> written = new HashMap<>();
        KIND.write(new MinDepthRule.Params(1000.0), new ParameterWriter() {
            @Override
            public void number(String field, Double value) {
                written.put(field, value);
            }

            @Override
            public void integer(String field, Long value) {
                written.put(field, value);
            }
        });
        assertThat(written).isEqualTo(Map.of("min_depth", 1000.0));
    }

    @Test
    void shallowerThanTheLimitBreachesAndTheLimitItselfIsCompliant() {
        assertThat(breaches(1000, APEI, 999.99)).isTrue();
        assertThat(breaches(1000, APEI, 0)).as("at the surface").isTrue();
        assertThat(breaches(1000, APEI, 1000)).as("at the limit").isFalse();
        assertThat(breaches(1000, APEI, 1000.01)).isFalse();
        assertThat(breaches(1000, APEI, 6000)).isFalse();
        assertThat(breaches(1000, null, 10)).as("judged in zones only").isFalse();
    }

    @Test
    void describesTheBreach() {
        Rule rule = new Rule("R-MIN", KIND.type(), Severity.WARNING, null, true, null, List.of(ZoneType.APEI), null,
                null, null, new MinDepthRule.Params(1000.0), 1);
        FixContext ctx = new FixContext(fix(0, -117.3, 10.2, 850), null, null, Map.of());
        assertThat(KIND.breaches(rule, APEI, ctx)).isTrue();
        assertThat(KIND.describe(rule, APEI, ctx))
                .isEqualTo("AUV-001 at 850.0 m in APEI-X (apei), shallower than 1000 m allowed by rule R-MIN");
    }
}
