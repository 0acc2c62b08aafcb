package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.deepseaguard.core.model.FieldError;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-site safety: a request that can change something ({@code POST}, {@code PUT}, {@code PATCH})
 * under {@code /api} must say {@code Content-Type: application/json} ({@code POST /api/v1/telemetry}
 * also {@code application/x-ndjson}), parameters such as {@code charset} allowed, with or without a
 * body; anything else, no Content-Type included, gets 415 problem+json. A page of another site can
 * only send "simple" requests ({@code text/plain}, forms, multipart, none) without asking the hub
 * first (CORS preflight, closed unless configured), so it can never change anything.
 * {@code DELETE} needs no Content-Type (it is never a simple request).
 */
public class JsonOnlyFilter extends OncePerRequestFilter {

    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private final ObjectMapper json;

    public JsonOnlyFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            chain.doFilter(request, response);
            return;
        }
        String type = mediaType(request.getContentType());
        boolean telemetry = "POST".equals(method) && request.getRequestURI().endsWith("/api/v1/telemetry");
        if (JSON.equals(type) || (telemetry && NDJSON.equals(type))) {
            chain.doFilter(request, response);
            return;
        }
        String accepted = telemetry ? JSON + " or " + NDJSON : JSON;
        ProblemResponses.write(request, response, json, 415, "unsupported-media-type", "Unsupported media type",
                (type == null ? "the Content-Type header is missing" : "Content-Type " + type + " is not accepted")
                        + "; " + method + " " + request.getRequestURI() + " takes " + accepted,
                List.of(new FieldError("Content-Type", "must be " + accepted)));
    }

    /** The media type without parameters, lower case; null when absent or blank. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }
}
