package org.deepseaguard.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A registered vehicle. {@code contractIds} are the ISA contracts it works under (used by
 * {@code unauthorized_entry}); {@code maxSpeedMps} (metres per second) and {@code maxDepth}
 * (metres, positive down) are its declared limits, {@code null} when not declared. {@code version}
 * is the registration's version: 1 when first registered, +1 on every change (0 for a registration
 * not stored, e.g. built in a test).
 *
 * <p>Immutable and thread-safe; {@code contractIds} is copied.
 */
public record Vehicle(String auvId, String name, String operator, List<String> contractIds,
                      Double maxSpeedMps, Double maxDepth, int version) {

    public Vehicle {
        Objects.requireNonNull(auvId, "auvId");
        contractIds = contractIds == null ? List.of() : List.copyOf(contractIds);
    }

    /** A registration not stored yet (version 0). */
    public Vehicle(String auvId, String name, String operator, List<String> contractIds, Double maxSpeedMps,
                   Double maxDepth) {
        this(auvId, name, operator, contractIds, maxSpeedMps, maxDepth, 0);
    }

    /** A copy with another version number. */
    public Vehicle withVersion(int newVersion) {
        return new Vehicle(auvId, name, operator, contractIds, maxSpeedMps, maxDepth, newVersion);
    }
}
