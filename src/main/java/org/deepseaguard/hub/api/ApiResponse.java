package org.deepseaguard.hub.api;

/**
 * What an API bean answers: an HTTP status and a body that {@link ApiResponseWriter} writes as
 * JSON ({@code null} for no body).
 */
public record ApiResponse(int status, Object body) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}
