package org.deepseaguard.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deepseaguard.core.rules.RuleKind;
import org.deepseaguard.core.rules.RuleTypes;

/**
 * A compliance rule of the catalogue (DESIGN section 5). Rules are data.
 *
 * <p>Scope: {@code zoneIds}, {@code zoneTypes} and {@code auvIds}; an empty list means "all".
 * A zone is in scope when it matches {@code zoneIds} (if given) and {@code zoneTypes} (if given).
 * The rule applies to fixes whose event time lies in [{@code activeFrom}, {@code activeTo}).
 * {@code parameters} is the record of the type's own parameters, of the class its
 * {@link RuleKind} declares (units and bounds are documented there, e.g.
 * {@link org.deepseaguard.core.rules.DepthLimitRule.Params}). {@link #validate()} lists what is
 * missing or wrong. {@code version} starts at 1 and grows by one on every change.
 *
 * <p>Immutable and thread-safe (parameter records hold only immutable values).
 */
public record Rule(
        String ruleId,
        RuleType type,
        Severity severity,
        String description,
        boolean enabled,
        List<String> zoneIds,
        List<ZoneType> zoneTypes,
        List<String> auvIds,
        Instant activeFrom,
        Instant activeTo,
        Record parameters,
        int version) {

    /**
     * @throws IllegalArgumentException when {@code type} is not registered or {@code parameters}
     *                                  is not of the record class its kind declares
     */
    public Rule {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        Class<?> expected = RuleTypes.of(type).parametersType();
        if (!expected.isInstance(parameters)) {
            throw new IllegalArgumentException("a " + type.wireName() + " rule takes " + expected.getName()
                    + " parameters, not " + parameters.getClass().getName());
        }
        severity = severity == null ? Severity.WARNING : severity;
        zoneIds = zoneIds == null ? List.of() : List.copyOf(zoneIds);
        zoneTypes = zoneTypes == null ? List.of() : List.copyOf(zoneTypes);
        auvIds = auvIds == null ? List.of() : List.copyOf(auvIds);
    }

    /** True when the rule has a zone scope (zone ids or zone types). */
    public boolean hasZoneScope() {
        return !zoneIds.isEmpty() || !zoneTypes.isEmpty();
    }

    /** True when {@code zone} is in this rule's zone scope (always, without a zone scope). */
    public boolean coversZone(Zone zone) {
        return (zoneIds.isEmpty() || zoneIds.contains(zone.zoneId()))
                && (zoneTypes.isEmpty() || zoneTypes.contains(zone.zoneType()));
    }

    /** True when the rule applies to {@code auvId} at event time {@code t}. */
    public boolean appliesTo(String auvId, Instant t) {
        return enabled
                && (auvIds.isEmpty() || auvIds.contains(auvId))
                && (activeFrom == null || !t.isBefore(activeFrom))
                && (activeTo == null || t.isBefore(activeTo));
    }

    /** A copy with another version number. */
    public Rule withVersion(int newVersion) {
        return new Rule(ruleId, type, severity, description, enabled, zoneIds, zoneTypes, auvIds, activeFrom,
                activeTo, parameters, newVersion);
    }

    /**
     * Checks the common fields and, through the type's {@link RuleKind#validate}, its parameters.
     *
     * @return one error per problem, named by its snake_case JSON field; empty when valid
     */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (ruleId.isBlank()) {
            errors.add(new FieldError("rule_id", "must not be blank"));
        }
        errors.addAll(RuleTypes.of(type).validateParametersOf(this));
        if (activeFrom != null && activeTo != null && !activeFrom.isBefore(activeTo)) {
            errors.add(new FieldError("active_to", "must be after active_from"));
        }
        return List.copyOf(errors);
    }
}
