package org.deepseaguard.hub.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.ZoneService;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.springframework.stereotype.Component;

/** {@code /api/v1/zones}: GeoJSON in and out, every change versioned. */
@Component
public class ZoneApi {

    /** {@code {"status":"created","zone_ids":[...]}} */
    public record Created(String status, List<String> zoneIds) {
    }

    /** {@code {"zone_id","auvs":[{"auv_id","entry_time"}]}} */
    public record Occupancy(String zoneId, List<Occupant> auvs) {
    }

    public record Occupant(String auvId, Instant entryTime) {
    }

    private final ZoneService zones;
    private final VehicleStateStore states;
    private final RequestJson requestJson;

    public ZoneApi(ZoneService zones, VehicleStateStore states, RequestJson requestJson) {
        this.zones = zones;
        this.states = states;
        this.requestJson = requestJson;
    }

    /** All zones, optionally only those of a {@code zone_type} or {@code contract_id}. */
    public ApiResponse list(Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        ZoneType type = p.oneOf("zone_type", ZoneType::fromWire, "the zone types of DESIGN section 6");
        String contract = p.text("contract_id");
        p.check();
        List<Zone> selected = zones.all().stream()
                .filter(z -> type == null || z.zoneType() == type)
                .filter(z -> contract == null || contract.equals(z.contractId()))
                .toList();
        return ApiResponse.ok(GeoJsonZones.toFeatureCollection(selected));
    }

    public ApiResponse create(byte[] body, AuditActor actor) {
        return created(zones.create(requestJson.parse(body), PropertyMapping.NATIVE, null, actor));
    }

    /** Imports foreign GeoJSON (e.g. the ISA files) with a property mapping given as query parameters. */
    public ApiResponse importZones(byte[] body, Map<String, Object> query, AuditActor actor) {
        QueryParams p = new QueryParams(query);
        PropertyMapping mapping = new PropertyMapping(p.text("id_property"), p.text("name_property"),
                p.oneOf("zone_type", ZoneType::fromWire, "the zone types of DESIGN section 6"),
                p.text("contract_id_property"));
        String source = p.text("source");
        p.check();
        return created(zones.create(requestJson.parse(body), mapping, source, actor));
    }

    public ApiResponse get(String zoneId) {
        return ApiResponse.ok(GeoJsonZones.toFeature(zones.get(zoneId)));
    }

    public ApiResponse update(String zoneId, byte[] body, AuditActor actor) {
        return ApiResponse.ok(GeoJsonZones.toFeature(zones.update(zoneId, requestJson.parseObject(body), actor)));
    }

    public ApiResponse delete(String zoneId, AuditActor actor) {
        zones.delete(zoneId, actor);
        return ApiResponse.noContent();
    }

    public ApiResponse occupants(String zoneId) {
        zones.get(zoneId);
        List<Occupant> auvs = states.occupants(zoneId).entrySet().stream()
                .map(e -> new Occupant(e.getKey(), e.getValue()))
                .toList();
        return ApiResponse.ok(new Occupancy(zoneId, auvs));
    }

    private static ApiResponse created(List<Zone> created) {
        return ApiResponse.created(new Created("created", created.stream().map(Zone::zoneId).toList()));
    }
}
