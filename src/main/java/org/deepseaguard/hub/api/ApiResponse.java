package org.deepseaguard.hub.api;

/**
 * What an API bean answers: an HTTP status and a body that {@link ApiResponseWriter} writes as
 * JSON ({@code null} for no body), or, with a {@code contentType}, a text body written as it is
 * (a CSV export), or a {@code byte[]} body written as it is (a zip).
 */
public record ApiResponse(int status, Object body, String contentType) {

    public ApiResponse(int status, Object body) {
        this(status, body, null);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    /** 200 with a text body of the given media type, e.g. {@code text/csv; charset=utf-8}. */
    public static ApiResponse text(String contentType, String body) {
        return new ApiResponse(200, body, contentType);
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
