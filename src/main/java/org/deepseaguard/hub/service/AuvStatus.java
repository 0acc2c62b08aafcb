package org.deepseaguard.hub.service;

import java.time.Instant;
import java.util.List;

/**
 * A vehicle's status as the API shows it (DESIGN section 6). {@code lastUpdate} is the timestamp
 * of the newest applied fix; {@code position} is null before the first fix.
 */
public record AuvStatus(String auvId, String status, List<CurrentZone> currentZones, Instant lastUpdate,
                        Position position, int openViolations) {

    public record CurrentZone(String zoneId, String zoneType, Instant entryTime) {
    }

    public record Position(double latitude, double longitude, double depth) {
    }
}
