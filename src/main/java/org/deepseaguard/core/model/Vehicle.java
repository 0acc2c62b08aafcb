package org.deepseaguard.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A registered vehicle. {@code contractIds} are the ISA contracts it works under (used by
 * {@code unauthorized_entry}); {@code maxSpeedMps} (metres per second) and {@code maxDepth}
 * (metres, positive down) are its declared limits, {@code null} when not declared.
 *
 * <p>Immutable and thread-safe; {@code contractIds} is copied.
 */
public record Vehicle(String auvId, String name, String operator, List<String> contractIds,
                      Double maxSpeedMps, Double maxDepth) {

    public Vehicle {
        Objects.requireNonNull(auvId, "auvId");
        contractIds = contractIds == null ? List.of() : List.copyOf(contractIds);
    }
}
