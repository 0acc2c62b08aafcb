package org.deepseaguard.hub.service;

/**
 * A zone or a rule was created, updated or deleted, and the change is committed and swapped into
 * this instance's engine. Published (Spring application event) by {@link ZoneService} and
 * {@link RuleService}; the messaging backbone broadcasts it to every hub instance (exchanges
 * {@code zone_updates} and {@code compliance_rules}, docs/messaging.md).
 *
 * @param kind    {@code zone} or {@code rule}
 * @param id      the zone id or rule id
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
}
