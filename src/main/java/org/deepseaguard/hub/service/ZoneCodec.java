package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.hub.store.ZoneRepository;
import org.springframework.stereotype.Component;

/** Zones to and from their stored GeoJSON Feature text (the core does the GeoJSON work). */
@Component
public class ZoneCodec {

    private final ObjectMapper json;

    public ZoneCodec(ObjectMapper json) {
        this.json = json;
    }

    public String toText(Zone zone) {
        return GeoJsonZones.toFeature(zone).toString();
    }

    public ZoneRepository.ZoneRow toRow(Zone zone) {
        return new ZoneRepository.ZoneRow(zone.zoneId(), zone.name(), zone.zoneType().wireName(), zone.contractId(),
                zone.version(), toText(zone));
    }

    public Zone fromStored(ZoneRepository.StoredZone stored) {
        try {
            List<Zone> zones = GeoJsonZones.read(json.readTree(stored.feature()), PropertyMapping.NATIVE);
            return zones.get(0).withVersion(stored.version());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored zone " + stored.zoneId(), e);
        }
    }
}
