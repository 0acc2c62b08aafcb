package org.deepseaguard.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.engine.Fixtures;
import org.deepseaguard.core.geo.ZoneIndex.ZoneDistance;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/** Each rule type at, just inside and just past its limit (the limit itself is compliant). */
class RuleEvaluatorsTest {

    private static final Zone ZONE = zone("Z-1", ZoneType.CONTRACT_AREA, box(-117.5, 10.0, -117.0, 10.5));

    private static boolean breaches(Rule rule, Zone zone, FixContext ctx) {
        return RuleTypes.of(rule.type()).breaches(rule, zone, ctx);
    }

    private static FixContext ctx(Telemetry fix) {
        return new FixContext(fix, null, null, Map.of());
    }

    @Test
    void everyTypeHasAnEvaluatorOfThatType() {
        for (RuleType type : RuleType.values()) {
            assertThat(RuleTypes.of(type).type()).isEqualTo(type);
        }
    }

    @Test
    void restrictedZoneBreachesInAMemberZoneOnly() {
        Rule r = rule("R-R", RuleType.RESTRICTED_ZONE).build();
        FixContext c = ctx(fix(0, -117.3, 10.2, 4000));
        assertThat(breaches(r, ZONE, c)).isTrue();
        assertThat(breaches(r, null, c)).isFalse();
        assertThat(RuleTypes.of(r.type()).describe(r, ZONE, c))
                .isEqualTo("AUV-001 is inside Z-1 (contract_area), restricted by rule R-R");
    }

    @Test
    void unauthorizedEntryDependsOnContractsAndAuthorizedAuvs() {
        Rule r = rule("R-U", RuleType.UNAUTHORIZED_ENTRY).build();
        Telemetry f = fix(0, -117.3, 10.2, 4000);
        Zone contract = Fixtures.withAccess(ZONE, "NORIPMN1", List.of());
        Zone listed = Fixtures.withAccess(ZONE, null, List.of("AUV-001"));
        Zone listedOther = Fixtures.withAccess(ZONE, null, List.of("AUV-999"));
        Vehicle holder = new Vehicle("AUV-001", null, null, List.of("NORIPMN1"), null, null);
        Vehicle other = new Vehicle("AUV-001", null, null, List.of("TOMLPMN1"), null, null);

        assertThat(breaches(r, ZONE, ctx(f))).as("zone open to all").isFalse();
        assertThat(breaches(r, contract, new FixContext(f, null, holder, Map.of()))).isFalse();
        assertThat(breaches(r, contract, new FixContext(f, null, other, Map.of()))).isTrue();
        assertThat(breaches(r, contract, ctx(f))).as("unregistered holds no contracts").isTrue();
        assertThat(breaches(r, listed, ctx(f))).isFalse();
        assertThat(breaches(r, listedOther, new FixContext(f, null, holder, Map.of()))).isTrue();
        assertThat(breaches(r, Fixtures.withAccess(ZONE, "NORIPMN1", List.of("AUV-001")), ctx(f)))
                .as("listed in authorized_auvs without the contract").isFalse();
    }

    @Test
    void depthLimitBoundsAreInclusive() {
        Rule r = rule("R-D", RuleType.DEPTH_LIMIT).depth(1000.0, 6000.0).build();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 6000)))).isFalse();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 1000)))).isFalse();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 6000.01)))).isTrue();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 999.99)))).isTrue();
        Rule onlyMax = rule("R-D", RuleType.DEPTH_LIMIT).depth(null, 6000.0).build();
        assertThat(breaches(onlyMax, null, ctx(fix(0, 0, 0, 0)))).isFalse();
        assertThat(RuleTypes.of(r.type()).describe(onlyMax, null, ctx(fix(0, 0, 0, 6120))))
                .isEqualTo("AUV-001 at 6120.0 m, outside depth limits [-, 6000] m of rule R-D");
        assertThat(RuleTypes.of(r.type()).describe(r, ZONE, ctx(fix(0, 0, 0, 6120))))
                .isEqualTo("AUV-001 at 6120.0 m in Z-1, outside depth limits [1000, 6000] m of rule R-D");
    }

    @Test
    void maxDwellIsStrictlyLongerThanTheLimitToTheNanosecond() {
        Rule r = rule("R-W", RuleType.MAX_DWELL).maxDwell(3600).build();
        Map<String, Instant> entered = Map.of("Z-1", at(0));
        Telemetry atLimit = fix(3600, -117.3, 10.2, 4000);
        Telemetry past = new Telemetry(Fixtures.AUV, at(3600).plusNanos(1), 10.2, -117.3, 4000, null, null, null,
                null);
        assertThat(breaches(r, ZONE, new FixContext(atLimit, null, null, entered))).isFalse();
        assertThat(breaches(r, ZONE, new FixContext(past, null, null, entered))).isTrue();
        assertThat(breaches(r, ZONE, new FixContext(past, null, null, Map.of()))).as("not inside").isFalse();
    }

    @Test
    void reportedSpeedAboveTheLimitBreachesAtTheLimitDoesNot() {
        Rule r = rule("R-S", RuleType.SPEED_LIMIT).maxSpeed(2.5).build();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 0, 2.5)))).isFalse();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 0, 2.51)))).isTrue();
        assertThat(breaches(r, null, ctx(fix(0, 0, 0, 0, null)))).as("no previous fix, no report").isFalse();
        Telemetry prev = fix(0, -117.3, 10.2, 4000);
        assertThat(breaches(r, null, new FixContext(fix(0, -117.2, 10.2, 4000), prev, null, Map.of())))
                .as("no time passed: no geodesic speed").isFalse();
    }

    @Test
    void proximityIsStrictlyCloserThanTheLimitAndNeedsAValidZone() {
        Rule r = rule("R-P", RuleType.PROXIMITY).minDistance(1000).build();
        FixContext c = ctx(fix(0, -116.99, 10.2, 4000));
        assertThat(breaches(r, ZONE, c)).as("not near").isFalse();
        c.setNear(List.of(new ZoneDistance(ZONE, 1000.0)));
        assertThat(breaches(r, ZONE, c)).isFalse();
        c.setNear(List.of(new ZoneDistance(ZONE, 999.9)));
        assertThat(breaches(r, ZONE, c)).isTrue();
        assertThat(breaches(r, Fixtures.withValidity(ZONE, at(10), null), c)).as("not valid yet").isFalse();
        assertThat(RuleTypes.of(r.type()).describe(r, ZONE, c))
                .isEqualTo("AUV-001 is 999.9 m from Z-1 (contract_area), closer than 1000.0 m allowed by rule R-P");
    }

    @Test
    void telemetryGapIsStrictlyLongerThanTheLimit() {
        Rule r = rule("R-G", RuleType.TELEMETRY_GAP).maxGap(600).build();
        Telemetry prev = fix(0, 0, 0, 0);
        assertThat(breaches(r, null, ctx(fix(5000, 0, 0, 0)))).as("first fix").isFalse();
        assertThat(breaches(r, null, new FixContext(fix(600, 0, 0, 0), prev, null, Map.of()))).isFalse();
        assertThat(breaches(r, null, new FixContext(fix(601, 0, 0, 0), prev, null, Map.of()))).isTrue();
    }

    @Test
    void durationsAreExactAcrossNanosecondBorrow() {
        Instant from = Instant.parse("2026-01-01T00:00:00.900Z");
        assertThat(Durations.exceeds(from, Instant.parse("2026-01-01T00:00:10.900Z"), 10)).isFalse();
        assertThat(Durations.exceeds(from, Instant.parse("2026-01-01T00:00:10.901Z"), 10)).isTrue();
        assertThat(Durations.exceeds(from, Instant.parse("2026-01-01T00:00:10.100Z"), 9)).isTrue();
        assertThat(Durations.exceeds(from, Instant.parse("2026-01-01T00:00:10.100Z"), 10)).isFalse();
        assertThat(Durations.exceeds(from, from.minusSeconds(5), 1)).isFalse();
        assertThat(Durations.seconds(from, Instant.parse("2026-01-01T00:00:10.100Z"))).isCloseTo(9.2,
                org.assertj.core.data.Offset.offset(1e-9));
    }
}
