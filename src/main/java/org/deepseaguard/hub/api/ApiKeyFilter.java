package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API keys on {@code /api} (DESIGN section 6): {@code X-API-Key} is hashed (SHA-256) and looked up
 * among {@link ApiKeys}. Off when no key is configured. Missing or unknown key: 401; a role without
 * the right: 403. Rights: {@code ingest} posts telemetry; {@code operator} and {@code auditor} read
 * (the audit log, {@code /api/v1/audit}, only {@code auditor}); {@code operator} also acknowledges
 * violations and creates, changes and deletes alert subscriptions; {@code admin} does everything. The identity of the key ({@link ApiKeyIdentity}: role, name, vehicle
 * scope) is put in the request attribute {@link ApiKeyIdentity#ATTRIBUTE} for the routes behind.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Roles of DESIGN section 6. */
    public enum Role { INGEST, OPERATOR, AUDITOR, ADMIN }

    public static final String HEADER = ApiKeys.HEADER;

    private final ApiKeys keys;
    private final ObjectMapper json;

    public ApiKeyFilter(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!keys.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> key = ApiKeys.presented(request, false);
        Optional<ApiKeyIdentity> identity = key.flatMap(keys::identify);
        if (identity.isEmpty()) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            ProblemResponses.write(request, response, json, 401, "unauthorized", "Unauthorized",
                    key.isEmpty() ? "the " + HEADER + " header is missing" : "the API key is not known", List.of());
            return;
        }
        Role role = identity.get().role();
        // the audit log and evidence are refused on the raw and on the decoded, normalised path alike
        String decoded = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!allowed(role, request.getMethod(), request.getRequestURI())
                || (role == Role.OPERATOR && auditorOnly(decoded))) {
            ProblemResponses.write(request, response, json, 403, "forbidden", "Forbidden",
                    "role " + role.name().toLowerCase(Locale.ROOT) + " may not " + request.getMethod() + " "
                            + request.getRequestURI(), List.of());
            return;
        }
        request.setAttribute(ApiKeyIdentity.ATTRIBUTE, identity.get());
        chain.doFilter(request, response);
    }

    /** {@code POST /api/v1/violations/{id}/ack}: operators acknowledge. */
    private static final Pattern ACK = Pattern.compile(".*/api/v1/violations/[^/]+/ack");


    /** {@code POST /api/v1/subscriptions}, {@code PUT}/{@code DELETE /api/v1/subscriptions/{id}}: operators subscribe. */
    private static final java.util.regex.Pattern SUBSCRIPTIONS = java.util.regex.Pattern.compile(".*/api/v1/subscriptions");
    private static final java.util.regex.Pattern SUBSCRIPTION = java.util.regex.Pattern.compile(".*/api/v1/subscriptions/[^/]+");

    private static boolean subscriptionChange(String method, String path) {
        return "POST".equals(method) && SUBSCRIPTIONS.matcher(path).matches()
                || ("PUT".equals(method) || "DELETE".equals(method)) && SUBSCRIPTION.matcher(path).matches();
    }

    static boolean allowed(Role role, String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return switch (role) {
            case ADMIN -> true;
            case OPERATOR -> read && !auditorOnly(path) || "POST".equals(method) && ACK.matcher(path).matches()
                    || subscriptionChange(method, path);
            case AUDITOR -> read;
            case INGEST -> "POST".equals(method) && path.endsWith("/api/v1/telemetry");
        };
    }

    /** {@code /api/v1/audit}, {@code /api/v1/evidence} and what is under them: for auditor and admin only. */
    static boolean auditorOnly(String path) {
        return under(path, "/api/v1/audit") || under(path, "/api/v1/evidence");
    }

    private static boolean under(String path, String prefix) {
        int at = path.indexOf(prefix);
        int end = at + prefix.length();
        return at >= 0 && (path.length() == end || path.charAt(end) == '/');
    }

    /** SHA-256 of the key as lower-case hex. */
    public static String sha256(String key) {
        return ApiKeys.sha256(key);
    }
}
