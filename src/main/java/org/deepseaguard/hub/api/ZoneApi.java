package org.deepseaguard.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.IfMatch;
import org.deepseaguard.hub.service.NotFoundException;
import org.deepseaguard.hub.service.ZoneService;
import org.deepseaguard.hub.store.StoredVersion;
import org.deepseaguard.hub.store.VehicleStateStore;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/zones}: GeoJSON in and out, every change versioned and every version readable.
 * A zone's answers carry {@code ETag: "<version>"}; changes honour {@code If-Match}.
 */
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

    /** {@code {"zone_id","versions":[...]}}, oldest first. */
    public record Versions(String zoneId, List<Version> versions) {
    }

    /** One version: {@code feature} is the Feature as it was, {@code null} for a deletion. */
    public record Version(int version, String changeType, Instant changedAt, JsonNode feature) {
    }

    private final ZoneService zones;
    private final VehicleStateStore states;
    private final RequestJson requestJson;

    private final ObjectMapper json;

    public ZoneApi(ZoneService zones, VehicleStateStore states, RequestJson requestJson, ObjectMapper json) {
        this.zones = zones;
        this.states = states;
        this.requestJson = requestJson;
        this.json = json;
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

    /** POST: create or replace; {@code ifMatch} (the header, may be null) holds for the one zone given. */
    public ApiResponse create(byte[] body, String ifMatch, AuditActor actor) {
        return created(zones.create(requestJson.parse(body), PropertyMapping.NATIVE, null, IfMatch.parse(ifMatch), actor));
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
        Zone zone = zones.get(zoneId);
        return ApiResponse.ok(GeoJsonZones.toFeature(zone)).withETag(zone.version());
    }

    /** PUT; {@code ifMatch} is the header (null when not sent). */
    public ApiResponse update(String zoneId, byte[] body, String ifMatch, AuditActor actor) {
        Zone updated = zones.update(zoneId, requestJson.parseObject(body), IfMatch.parse(ifMatch), actor);
        return ApiResponse.ok(GeoJsonZones.toFeature(updated)).withETag(updated.version());
    }

    /** DELETE; {@code ifMatch} is the header (null when not sent). */
    public ApiResponse delete(String zoneId, String ifMatch, AuditActor actor) {
        zones.delete(zoneId, IfMatch.parse(ifMatch), actor);
        return ApiResponse.noContent();
    }

    /** Every version of the zone, oldest first; a deleted zone's too. */
    public ApiResponse versions(String zoneId) {
        List<Version> versions = zones.versions(zoneId).stream()
                .map(v -> new Version(v.version(), v.changeType(), v.changedAt(), feature(v)))
                .toList();
        return ApiResponse.ok(new Versions(zoneId, versions));
    }

    /** One version's Feature ({@code version} among its properties); 404 for a deletion. */
    public ApiResponse version(String zoneId, String version) {
        int number = VersionParam.parse(version);
        StoredVersion<String> v = zones.version(zoneId, number);
        if (v.content() == null) {
            throw new NotFoundException("zone", zoneId, number, "is its deletion and holds no Feature");
        }
        return ApiResponse.ok(feature(v));
    }

    /** The stored Feature text as JSON, with the version among its properties; null for a deletion. */
    private JsonNode feature(StoredVersion<String> v) {
        if (v.content() == null) {
            return null;
        }
        try {
            ObjectNode feature = (ObjectNode) json.readTree(v.content());
            if (feature.get("properties") instanceof ObjectNode properties) {
                properties.put("version", v.version());
            }
            return feature;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored zone version " + v.version(), e);
        }
    }

    public ApiResponse occupants(String zoneId) {
        zones.get(zoneId);
        List<Occupant> auvs = states.occupants(zoneId).entrySet().stream()
                .map(e -> new Occupant(e.getKey(), e.getValue()))
                .toList();
        return ApiResponse.ok(new Occupancy(zoneId, auvs));
    }

    private static ApiResponse created(List<Zone> created) {
        ApiResponse answer = ApiResponse.created(new Created("created", created.stream().map(Zone::zoneId).toList()));
        return created.size() == 1 ? answer.withETag(created.get(0).version()) : answer;
    }
}
