package org.deepseaguard.hub.api;

import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.IfMatch;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.service.VehicleService;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/auvs}: vehicle status (GET) and registration (POST, PUT), every registration
 * versioned and every version readable. Answers about a registered vehicle carry
 * {@code ETag: "<registration version>"}; changes honour {@code If-Match}.
 */
@Component
public class VehicleApi {

    /** {@code {"auv_id","versions":[...]}}, oldest first. */
    public record Versions(String auvId, List<Version> versions) {
    }

    /** One version: {@code registration} is the registration as it was. */
    public record Version(int version, String changeType, Instant changedAt, Vehicle registration) {
    }

    private final VehicleService vehicles;
    private final StatusService status;
    private final RequestJson requestJson;

    public VehicleApi(VehicleService vehicles, StatusService status, RequestJson requestJson) {
        this.vehicles = vehicles;
        this.status = status;
        this.requestJson = requestJson;
    }

    public ApiResponse list() {
        return ApiResponse.ok(status.all());
    }

    /** The status; the ETag is the registration's version (none for a vehicle seen but not registered). */
    public ApiResponse get(String auvId) {
        ApiResponse answer = ApiResponse.ok(status.get(auvId));
        return vehicles.find(auvId).map(v -> answer.withETag(v.version())).orElse(answer);
    }

    /** POST: register or replace; {@code ifMatch} (the header, may be null) holds for that vehicle. */
    public ApiResponse register(byte[] body, String ifMatch, AuditActor actor) {
        Vehicle registered = vehicles.register(requestJson.parse(body), IfMatch.parse(ifMatch), actor);
        return ApiResponse.created(registered).withETag(registered.version());
    }

    /** PUT; {@code ifMatch} is the header (null when not sent). */
    public ApiResponse put(String auvId, byte[] body, String ifMatch, AuditActor actor) {
        boolean created = vehicles.put(auvId, requestJson.parse(body), IfMatch.parse(ifMatch), actor);
        Vehicle stored = vehicles.find(auvId).orElseThrow();
        return new ApiResponse(created ? 201 : 200, stored).withETag(stored.version());
    }

    /** Every version of the registration, oldest first. */
    public ApiResponse versions(String auvId) {
        List<Version> versions = vehicles.versions(auvId).stream()
                .map(v -> new Version(v.version(), v.changeType(), v.changedAt(), v.content()))
                .toList();
        return ApiResponse.ok(new Versions(auvId, versions));
    }

    /** One version of the registration (with its {@code version}). */
    public ApiResponse version(String auvId, String version) {
        return ApiResponse.ok(vehicles.version(auvId, VersionParam.parse(version)).content());
    }
}
