package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management surface ({@code /actuator/**}: Hawtio, Jolokia, metrics, Prometheus, Camel routes,
 * info) when keys are configured: only {@code /actuator/health} is public, everything else needs an
 * {@code admin} key, as {@code X-API-Key} or as the password of HTTP Basic authentication (any user
 * name, so a browser can log in to Hawtio). Missing or unknown key: 401, with
 * {@code WWW-Authenticate: Basic realm="DeepSeaGuard"} under {@code /actuator/hawtio} (the browser
 * prompts); another role: 403. Since browsers send Basic credentials by themselves, a request that
 * changes something (not GET, HEAD or OPTIONS) from a page of another origin ({@code Origin} or
 * {@code Sec-Fetch-Site} says so) is refused with 403. Off when no key is configured (then the hub
 * only starts on a loopback address, {@code ApiKeyRequirement}).
 */
public class ManagementAccessFilter extends OncePerRequestFilter {

    public static final String REALM = "Basic realm=\"DeepSeaGuard\"";

    private final ApiKeys keys;
    private final ObjectMapper json;
    private final String basePath;

    /** @param basePath the actuator base path ({@code /actuator}) */
    public ManagementAccessFilter(ApiKeys keys, ObjectMapper json, String basePath) {
        this.keys = keys;
        this.json = json;
        this.basePath = basePath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!keys.enabled() || path.equals(basePath + "/health") || path.startsWith(basePath + "/health/")) {
            chain.doFilter(request, response);
            return;
        }
        boolean hawtio = path.equals(basePath + "/hawtio") || path.startsWith(basePath + "/hawtio/");
        Optional<String> key = ApiKeys.presented(request, true);
        Optional<ApiKeyIdentity> identity = key.flatMap(keys::identify);
        if (identity.isEmpty()) {
            response.setHeader("WWW-Authenticate", hawtio ? REALM : "ApiKey header=\"" + ApiKeys.HEADER + "\", " + REALM);
            ProblemResponses.write(request, response, json, 401, "unauthorized", "Unauthorized",
                    key.isEmpty() ? "an admin key is needed (" + ApiKeys.HEADER + " or the password of HTTP Basic)"
                            : "the API key is not known", List.of());
            return;
        }
        if (identity.get().role() != ApiKeyFilter.Role.ADMIN) {
            ProblemResponses.write(request, response, json, 403, "forbidden", "Forbidden",
                    "role " + identity.get().role().name().toLowerCase(Locale.ROOT) + " may not use "
                            + request.getRequestURI() + " (admin only)", List.of());
            return;
        }
        if (crossSiteChange(request)) {
            ProblemResponses.write(request, response, json, 403, "forbidden", "Forbidden",
                    "a change to the management surface from a page of another origin is refused", List.of());
            return;
        }
        request.setAttribute(ApiKeyIdentity.ATTRIBUTE, identity.get());
        chain.doFilter(request, response);
    }

    static boolean crossSiteChange(HttpServletRequest request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host == null || o.getHost() == null || !host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
