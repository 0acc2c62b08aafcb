package org.deepseaguard.hub.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deepseaguard.core.engine.ExitHysteresis;
import org.deepseaguard.core.model.ZoneType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The compliance engine's settings, {@code deepseaguard.engine.*} (docs/configuration.md,
 * docs/compliance-engine.md "Exit hysteresis"). Unknown keys under it stop the start (a misspelt
 * {@code exit-meters} must not silently leave hysteresis off).
 *
 * @param hysteresis by zone type ({@code apei}, {@code contract_area}, ...; {@code contract-area} and
 *                   {@code [contract_area]} are the same key): exit hysteresis of that type's zones.
 *                   Empty by default: every exit exact. Checked at binding, so a bad value stops the
 *                   start naming the property.
 */
@ConfigurationProperties(prefix = "deepseaguard.engine", ignoreUnknownFields = false)
public record EngineProperties(@DefaultValue Map<String, Hysteresis> hysteresis) {

    /**
     * One zone type's exit hysteresis; at least one of the two.
     *
     * @param exitMetres the exit is confirmed by a fix strictly more than this many metres from the
     *                   zone (geodesic to the footprint, vertical to the depth band); positive
     * @param exitFixes  the exit is confirmed by this many consecutive fixes outside; positive
     */
    public record Hysteresis(Double exitMetres, Integer exitFixes) {
    }

    /**
     * @throws IllegalArgumentException naming the property, for an unknown zone type, a type given
     *                                  twice, a setting without either value or a value that is not positive
     */
    public EngineProperties {
        hysteresis = hysteresis == null ? Map.of() : Map.copyOf(hysteresis);
        byZoneType(hysteresis);
    }

    /** The hysteresis by zone type, as the engine takes it. */
    public Map<ZoneType, ExitHysteresis> exitHysteresis() {
        return byZoneType(hysteresis);
    }

    private static Map<ZoneType, ExitHysteresis> byZoneType(Map<String, Hysteresis> settings) {
        Map<ZoneType, ExitHysteresis> result = new EnumMap<>(ZoneType.class);
        List<String> problems = new ArrayList<>();
        settings.keySet().stream().sorted().forEach(key -> {
            String property = "deepseaguard.engine.hysteresis." + key;
            ZoneType type = zoneType(key);
            Hysteresis h = settings.get(key);
            if (type == null) {
                problems.add(property + ": unknown zone type '" + key + "'; known: " + Arrays.stream(ZoneType.values())
                        .map(ZoneType::wireName).toList());
            } else if (result.containsKey(type)) {
                problems.add(property + ": zone type " + type.wireName() + " is given twice");
            } else if (h == null || h.exitMetres() == null && h.exitFixes() == null) {
                problems.add(property + ": give exit-metres and/or exit-fixes");
            } else if (h.exitMetres() != null && !(h.exitMetres() > 0 && h.exitMetres() < Double.POSITIVE_INFINITY)) {
                problems.add(property + ".exit-metres must be a positive number of metres, got " + h.exitMetres());
            } else if (h.exitFixes() != null && h.exitFixes() < 1) {
                problems.add(property + ".exit-fixes must be a positive number of fixes, got " + h.exitFixes());
            } else {
                result.put(type, new ExitHysteresis(h.exitMetres(), h.exitFixes()));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return result;
    }

    /** The zone type a map key names: case, '-' and '_' do not matter (Spring drops '_' from map keys). */
    private static ZoneType zoneType(String key) {
        String k = key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (ZoneType t : ZoneType.values()) {
            if (t.wireName().replace("_", "").equals(k)) {
                return t;
            }
        }
        return null;
    }
}
