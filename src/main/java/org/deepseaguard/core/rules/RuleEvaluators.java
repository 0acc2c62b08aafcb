package org.deepseaguard.core.rules;

import java.util.EnumMap;
import java.util.Map;
import org.deepseaguard.core.model.RuleType;

/** The evaluator of each rule type: shared, stateless instances. Thread-safe. */
public final class RuleEvaluators {

    private static final Map<RuleType, RuleEvaluator> BY_TYPE = new EnumMap<>(RuleType.class);

    static {
        for (RuleEvaluator e : new RuleEvaluator[] {
                new RestrictedZoneEvaluator(), new UnauthorizedEntryEvaluator(), new DepthLimitEvaluator(),
                new MaxDwellEvaluator(), new SpeedLimitEvaluator(), new ProximityEvaluator(),
                new TelemetryGapEvaluator()}) {
            BY_TYPE.put(e.type(), e);
        }
    }

    private RuleEvaluators() {
    }

    /** The evaluator for {@code type}; every type has one. */
    public static RuleEvaluator forType(RuleType type) {
        return BY_TYPE.get(type);
    }
}
