package org.deepseaguard.hub.service;

import org.deepseaguard.core.model.InvalidInputException;
import org.springframework.stereotype.Service;

/**
 * Takes a change another instance made ({@link ConfigurationChanged}) from the shared database:
 * the zones or rules when their change count moved, or one vehicle's registration. Called for the
 * broadcast on {@code zone_updates} / {@code compliance_rules} and, in cluster mode, for the
 * change markers on the vehicles' Kafka partitions. Idempotent; thread-safe.
 */
@Service
public class ConfigurationReload {

    private final ZoneService zones;
    private final RuleService rules;
    private final VehicleService vehicles;

    public ConfigurationReload(ZoneService zones, RuleService rules, VehicleService vehicles) {
        this.zones = zones;
        this.rules = rules;
        this.vehicles = vehicles;
    }

    /**
     * Reloads what a change of {@code kind} ({@code zone}, {@code rule} or {@code vehicle}) touched.
     *
     * @throws InvalidInputException for another kind
     */
    public void apply(String kind, String id) {
        switch (kind) {
            case "zone" -> zones.reloadIfChanged();
            case "rule" -> rules.reloadIfChanged();
            case "vehicle" -> vehicles.reload(id);
            default -> throw new InvalidInputException("kind", "must be zone, rule or vehicle, was '" + kind + "'");
        }
    }
}
