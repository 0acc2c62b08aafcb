package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API keys (DESIGN section 6): {@code X-API-Key} is hashed (SHA-256) and looked up among
 * {@code deepseaguard.security.api-keys} ({@code <sha256 hex>:<role>}). Off when no key is
 * configured. Missing or unknown key: 401; a role without the right: 403. Rights: {@code ingest}
 * posts telemetry; {@code operator} and {@code auditor} read; {@code admin} does everything.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Roles of DESIGN section 6. */
    public enum Role { INGEST, OPERATOR, AUDITOR, ADMIN }

    public static final String HEADER = "X-API-Key";

    private final Map<String, Role> roleByHash;
    private final ObjectMapper json;

    public ApiKeyFilter(List<String> configuredKeys, ObjectMapper json) {
        this.roleByHash = configuredKeys.stream().map(ApiKeyFilter::parse)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (roleByHash.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        Role role = key == null ? null : roleByHash.get(sha256(key));
        if (role == null) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            ProblemResponses.write(request, response, json, 401, "unauthorized", "Unauthorized",
                    key == null ? "the " + HEADER + " header is missing" : "the API key is not known", List.of());
            return;
        }
        if (!allowed(role, request.getMethod(), request.getRequestURI())) {
            ProblemResponses.write(request, response, json, 403, "forbidden", "Forbidden",
                    "role " + role.name().toLowerCase(Locale.ROOT) + " may not " + request.getMethod() + " "
                            + request.getRequestURI(), List.of());
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean allowed(Role role, String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return switch (role) {
            case ADMIN -> true;
            case OPERATOR, AUDITOR -> read;
            case INGEST -> "POST".equals(method) && path.endsWith("/api/v1/telemetry");
        };
    }

    /** SHA-256 of the key as lower-case hex. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map.Entry<String, Role> parse(String configured) {
        int colon = configured.lastIndexOf(':');
        String hash = colon > 0 ? configured.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("deepseaguard.security.api-keys entries are <sha256 hex>:<role>, got '"
                    + configured + "'");
        }
        Function<String, Role> role = r -> Role.valueOf(r.trim().toUpperCase(Locale.ROOT));
        try {
            return Map.entry(hash, role.apply(configured.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role in deepseaguard.security.api-keys entry '" + configured
                    + "' (ingest, operator, auditor, admin)");
        }
    }
}
