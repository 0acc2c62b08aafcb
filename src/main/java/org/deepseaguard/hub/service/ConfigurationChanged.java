package org.deepseaguard.hub.service;

/**
 * A zone, a rule or a vehicle registration was created, updated or deleted, and the change is
 * committed and swapped into this instance's engine. Published (Spring application event) by
 * {@link ZoneService}, {@link RuleService} and {@link VehicleService}; the messaging backbone
 * broadcasts it to every hub instance (exchanges {@code zone_updates} and {@code compliance_rules},
 * the latter for rules and registrations; docs/messaging.md).
 *
 * @param kind    {@code zone}, {@code rule} or {@code vehicle}
 * @param id      the zone id, rule id or auv_id
 * @param version the version the change gave it
 * @param action  {@code created}, {@code updated} or {@code deleted}
 */
public record ConfigurationChanged(String kind, String id, int version, String action) {

    public static ConfigurationChanged zone(String zoneId, int version, String action) {
        return new ConfigurationChanged("zone", zoneId, version, action);
    }

    public static ConfigurationChanged rule(String ruleId, int version, String action) {
        return new ConfigurationChanged("rule", ruleId, version, action);
    }

    public static ConfigurationChanged vehicle(String auvId, int version, String action) {
        return new ConfigurationChanged("vehicle", auvId, version, action);
    }
}
