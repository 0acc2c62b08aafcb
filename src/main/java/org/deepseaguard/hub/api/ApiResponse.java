package org.deepseaguard.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deepseaguard.hub.service.IfMatch;

/**
 * What an API bean answers: an HTTP status and a body that {@link ApiResponseWriter} writes as
 * JSON ({@code null} for no body), or, with a {@code contentType}, a text body written as it is
 * (a CSV export), or a {@code byte[]} body written as it is (a zip); {@code headers} are response
 * headers to send besides (e.g. {@code ETag}, {@code Content-Disposition}).
 */
public record ApiResponse(int status, Object body, String contentType, Map<String, String> headers) {

    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiResponse(int status, Object body, String contentType) {
        this(status, body, contentType, Map.of());
    }

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

    /** This answer with one more response header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, body, contentType, more);
    }

    /** This answer with {@code ETag: "<version>"} (strong: the version names exactly one representation). */
    public ApiResponse withETag(int version) {
        return withHeader("ETag", IfMatch.etag(version));
    }
}
