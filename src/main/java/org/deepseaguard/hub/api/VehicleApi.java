package org.deepseaguard.hub.api;

import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.service.VehicleService;
import org.springframework.stereotype.Component;

/** {@code /api/v1/auvs}: vehicle status (GET) and registration (POST, PUT). */
@Component
public class VehicleApi {

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

    public ApiResponse get(String auvId) {
        return ApiResponse.ok(status.get(auvId));
    }

    public ApiResponse register(byte[] body, AuditActor actor) {
        return ApiResponse.created(vehicles.register(requestJson.parse(body), actor));
    }

    public ApiResponse put(String auvId, byte[] body, AuditActor actor) {
        boolean created = vehicles.put(auvId, requestJson.parse(body), actor);
        return new ApiResponse(created ? 201 : 200, vehicles.find(auvId).orElseThrow());
    }
}
