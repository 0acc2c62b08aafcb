package org.deepseaguard.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.deepseaguard.core.engine.Fixtures.at;
import static org.deepseaguard.core.engine.Fixtures.box;
import static org.deepseaguard.core.engine.Fixtures.fix;
import static org.deepseaguard.core.engine.Fixtures.rule;
import static org.deepseaguard.core.engine.Fixtures.zone;

import java.util.List;
import org.deepseaguard.core.geo.Geodesy;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

/** Each rule type through the engine: scope, applicability, breach and no breach at the limit. */
class RulesInEngineTest {

    private static final Zone APEI = zone("APEI-07", ZoneType.APEI, box(-117.5, 10.0, -117.0, 10.5));
    private static final Zone NORI = Fixtures.withAccess(
            zone("NORI-D", ZoneType.CONTRACT_AREA, box(-116.5, 10.0, -116.0, 10.5)), "NORIPMN1", List.of());
    private static final Zone PRZ = zone("PRZ-1", ZoneType.PRESERVATION_REFERENCE_ZONE,
            box(-119.5, 10.0, -119.0, 10.5));
    private static final List<Zone> ZONES = List.of(APEI, NORI, PRZ);

    private static List<Violation> opened(List<Rule> rules, Vehicle vehicle, Telemetry... fixes) {
        Replay r = new Replay(new ComplianceEngine(ZONES, rules), vehicle);
        Evaluation last = null;
        for (Telemetry f : fixes) {
            last = r.feed(f);
        }
        return last.opened();
    }

    @Test
    void restrictedZoneOnlyInZonesInScope() {
        List<Rule> rules = List.of(rule("R-APEI", RuleType.RESTRICTED_ZONE).zoneTypes(ZoneType.APEI).build());
        assertThat(opened(rules, null, fix(0, -117.3, 10.2, 4000))).extracting(Violation::zoneId)
                .containsExactly("APEI-07");
        assertThat(opened(rules, null, fix(0, -116.3, 10.2, 4000))).isEmpty();
        List<Rule> byId = List.of(rule("R-ID", RuleType.RESTRICTED_ZONE).zones("NORI-D").build());
        assertThat(opened(byId, null, fix(0, -116.3, 10.2, 4000))).extracting(Violation::zoneId)
                .containsExactly("NORI-D");
        List<Rule> unscoped = List.of(rule("R-ALL", RuleType.RESTRICTED_ZONE).build());
        assertThat(opened(unscoped, null, fix(0, -119.3, 10.2, 4000))).extracting(Violation::zoneId)
                .containsExactly("PRZ-1");
    }

    @Test
    void rulesApplyOnlyToTheirVehiclesActivePeriodAndWhenEnabled() {
        Rule forOther = rule("R-1", RuleType.RESTRICTED_ZONE).auvs("AUV-002").build();
        Rule forMe = rule("R-2", RuleType.RESTRICTED_ZONE).auvs("AUV-001").build();
        Rule notYet = rule("R-3", RuleType.RESTRICTED_ZONE).active(at(100), null).build();
        Rule over = rule("R-4", RuleType.RESTRICTED_ZONE).active(at(-100), at(0)).build();
        Rule activeNow = rule("R-5", RuleType.RESTRICTED_ZONE).active(at(0), at(1)).build();
        Rule disabled = rule("R-6", RuleType.RESTRICTED_ZONE).disabled().build();
        assertThat(opened(List.of(forOther, forMe, notYet, over, activeNow, disabled), null,
                fix(0, -117.3, 10.2, 4000))).extracting(Violation::ruleId).containsExactly("R-2", "R-5");
    }

    @Test
    void unauthorizedEntryUsesTheVehiclesContracts() {
        List<Rule> rules = List.of(rule("R-AUTH", RuleType.UNAUTHORIZED_ENTRY).build());
        Vehicle nori = new Vehicle("AUV-001", "Surveyor", "NORI", List.of("NORIPMN1"), 2.5, 6000.0);
        assertThat(opened(rules, nori, fix(0, -116.3, 10.2, 4000))).isEmpty();
        assertThat(opened(rules, null, fix(0, -116.3, 10.2, 4000))).singleElement().satisfies(v -> {
            assertThat(v.zoneId()).isEqualTo("NORI-D");
            assertThat(v.message()).isEqualTo(
                    "AUV-001 is inside NORI-D (contract_area, contract NORIPMN1) without authorization, rule R-AUTH");
        });
        assertThat(opened(rules, null, fix(0, -117.3, 10.2, 4000))).as("APEI names no contract").isEmpty();
    }

    @Test
    void depthLimitScopedToZonesOrEverywhere() {
        Rule inApei = rule("R-D-APEI", RuleType.DEPTH_LIMIT).zoneTypes(ZoneType.APEI).depth(null, 5000.0).build();
        Rule everywhere = rule("R-D", RuleType.DEPTH_LIMIT).depth(100.0, 6000.0).build();
        List<Rule> rules = List.of(inApei, everywhere);
        assertThat(opened(rules, null, fix(0, -117.3, 10.2, 5000))).isEmpty();
        assertThat(opened(rules, null, fix(0, -117.3, 10.2, 5001))).extracting(Violation::ruleId, Violation::zoneId)
                .containsExactly(tuple("R-D-APEI", "APEI-07"));
        assertThat(opened(rules, null, fix(0, -118, 10.2, 5001))).isEmpty();
        assertThat(opened(rules, null, fix(0, -118, 10.2, 6000))).isEmpty();
        assertThat(opened(rules, null, fix(0, -118, 10.2, 6000.5))).extracting(Violation::ruleId, Violation::zoneId)
                .containsExactly(tuple("R-D", null));
        assertThat(opened(rules, null, fix(0, -118, 10.2, 99))).extracting(Violation::ruleId)
                .containsExactly("R-D");
    }

    @Test
    void maxDwellCountsFromTheEntryFix() {
        List<Rule> rules = List.of(rule("R-DWELL", RuleType.MAX_DWELL)
                .zoneTypes(ZoneType.PRESERVATION_REFERENCE_ZONE).maxDwell(3600).build());
        Replay r = new Replay(new ComplianceEngine(ZONES, rules));
        r.feed(fix(0, -120, 10.2, 4000));
        r.feed(fix(100, -119.3, 10.2, 4000)); // entry at 100
        assertThat(r.feed(fix(3700, -119.3, 10.2, 4000)).opened()).isEmpty();
        assertThat(r.feed(fix(3701, -119.3, 10.2, 4000)).opened()).singleElement().satisfies(v -> {
            assertThat(v.zoneId()).isEqualTo("PRZ-1");
            assertThat(v.startedAt()).isEqualTo(at(3701));
            assertThat(v.message()).isEqualTo(
                    "AUV-001 has been in PRZ-1 for 3601.0 s, longer than 3600 s allowed by rule R-DWELL");
        });
        assertThat(r.feed(fix(3800, -120, 10.2, 4000)).closed()).hasSize(1);
        assertThat(r.feed(fix(3900, -119.3, 10.2, 4000)).opened()).as("re-entry restarts the clock").isEmpty();
    }

    @Test
    void speedLimitFromGeodesicDistanceAndReportedSpeed() {
        Rule speed = rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(2.5).build();
        double metres = Geodesy.distance(-118.0, 10.2, -118.001, 10.2);
        long dt = 60;
        double atLimit = metres / dt;
        assertThat(opened(List.of(rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(atLimit).build()), null,
                fix(0, -118.0, 10.2, 4000), fix(dt, -118.001, 10.2, 4000))).isEmpty();
        assertThat(opened(List.of(rule("R-SPEED", RuleType.SPEED_LIMIT).maxSpeed(atLimit * (1 - 1e-9)).build()),
                null, fix(0, -118.0, 10.2, 4000), fix(dt, -118.001, 10.2, 4000))).hasSize(1);
        assertThat(opened(List.of(speed), null, fix(0, -118.0, 10.2, 4000), fix(dt, -118.001, 10.2, 4000, 2.6)))
                .singleElement().satisfies(v -> assertThat(v.message())
                        .isEqualTo("AUV-001 moving at 2.6 m/s, above 2.5 m/s of rule R-SPEED"));
        assertThat(opened(List.of(speed), null, fix(0, -118.0, 10.2, 4000), fix(dt, -118.01, 10.2, 4000, 1.0)))
                .as("1.1 km in a minute").hasSize(1);
    }

    @Test
    void zoneScopedSpeedLimitJudgesInTheFirstMemberZoneInScope() {
        Rule speed = rule("R-SPEED-APEI", RuleType.SPEED_LIMIT).zoneTypes(ZoneType.APEI).maxSpeed(1.0).build();
        assertThat(opened(List.of(speed), null, fix(0, -118.0, 10.2, 4000, 3.0))).isEmpty();
        assertThat(opened(List.of(speed), null, fix(0, -117.3, 10.2, 4000, 3.0))).singleElement()
                .satisfies(v -> assertThat(v.zoneId()).isEqualTo("APEI-07"));
    }

    @Test
    void proximityToZonesInScopeOutsideTheirFootprint() {
        Rule near = rule("R-PROX", RuleType.PROXIMITY).zoneTypes(ZoneType.APEI).minDistance(5000).build();
        // 0.03 deg of longitude east of the APEI at 10.2 N: about 3.3 km
        assertThat(opened(List.of(near), null, fix(0, -116.97, 10.2, 4000))).singleElement().satisfies(v -> {
            assertThat(v.zoneId()).isEqualTo("APEI-07");
            assertThat(v.ruleType()).isEqualTo(RuleType.PROXIMITY);
        });
        assertThat(opened(List.of(near), null, fix(0, -116.9, 10.2, 4000))).as("11 km away").isEmpty();
        assertThat(opened(List.of(near), null, fix(0, -117.3, 10.2, 4000))).as("inside").isEmpty();
        Rule nearNori = rule("R-PROX", RuleType.PROXIMITY).zones("NORI-D").minDistance(5000).build();
        assertThat(opened(List.of(nearNori), null, fix(0, -116.97, 10.2, 4000))).as("out of scope").isEmpty();
    }

    @Test
    void telemetryGapBetweenConsecutiveFixes() {
        List<Rule> rules = List.of(rule("R-GAP", RuleType.TELEMETRY_GAP).maxGap(600).build());
        assertThat(opened(rules, null, fix(0, -118, 10.2, 4000))).isEmpty();
        assertThat(opened(rules, null, fix(0, -118, 10.2, 4000), fix(600, -118, 10.2, 4000))).isEmpty();
        assertThat(opened(rules, null, fix(0, -118, 10.2, 4000), fix(601, -118, 10.2, 4000))).singleElement()
                .satisfies(v -> {
                    assertThat(v.zoneId()).isNull();
                    assertThat(v.startedAt()).isEqualTo(at(601));
                    assertThat(v.message())
                            .isEqualTo("AUV-001 sent no fix for 601.0 s, longer than 600 s allowed by rule R-GAP");
                });
    }

    @Test
    void invalidOrDuplicateRulesAreRefusedAndTheOldSetStays() {
        ComplianceEngine engine = new ComplianceEngine(ZONES, List.of(rule("R-1", RuleType.RESTRICTED_ZONE).build()));
        assertThatThrownBy(() -> engine.updateRules(List.of(rule("R-GAP", RuleType.TELEMETRY_GAP).build())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors().get(0).field())
                        .isEqualTo("max_gap_seconds"));
        assertThatThrownBy(() -> engine.updateRules(List.of(rule("R-1", RuleType.RESTRICTED_ZONE).build(),
                rule("R-1", RuleType.RESTRICTED_ZONE).build()))).isInstanceOf(InvalidInputException.class);
        assertThat(engine.rules()).extracting(Rule::ruleId).containsExactly("R-1");
    }
}
