package org.deepseaguard.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deepseaguard.hub.service.VehicleScope;

/**
 * The configured API keys: {@code deepseaguard.security.api-keys[n]=<sha256 hex>:<role>[:<name>]}
 * and their vehicle scopes ({@code deepseaguard.security.scopes.<name>}).
 * An unnamed key's name is {@code key:<first 12 hex of its sha256>}. A key is presented as
 * {@code X-API-Key}, or (for browsers, on the management surface) as the password of HTTP Basic
 * authentication with any user name. A scope naming no key stops the start. Immutable and thread-safe.
 */
public final class ApiKeys {

    public static final String HEADER = "X-API-Key";

    private final Map<String, ApiKeyIdentity> byHash;

    public ApiKeys(List<String> configuredKeys, Map<String, String> scopes) {
        Map<String, ApiKeyIdentity> keys = new HashMap<>();
        Set<String> named = new HashSet<>();
        for (String configured : configuredKeys) {
            String[] parts = configured.split(":", -1);
            String hash = parts[0].trim().toLowerCase(Locale.ROOT);
            if (parts.length < 2 || parts.length > 3 || !hash.matches("[0-9a-f]{64}")
                    || (parts.length == 3 && parts[2].isBlank())) {
                throw new IllegalArgumentException("deepseaguard.security.api-keys entries are "
                        + "<sha256 hex>:<role>[:<name>], got '" + configured + "'");
            }
            ApiKeyFilter.Role role;
            try {
                role = ApiKeyFilter.Role.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown role in deepseaguard.security.api-keys entry '" + configured
                        + "' (ingest, operator, auditor, admin)");
            }
            // an unnamed key is named by its hash (audit actor, rate limits, scope errors): key:<12 hex>
            String name = parts.length == 3 ? parts[2].trim() : "key:" + hash.substring(0, 12);
            if (parts.length == 3) {
                named.add(name);
            }
            String scope = parts.length == 3 ? scopes.get(name) : null;
            keys.put(hash, new ApiKeyIdentity(role, name, scope == null ? null : VehicleScope.parse(scope)));
        }
        for (String scoped : scopes.keySet()) {
            if (!named.contains(scoped)) {
                throw new IllegalArgumentException("deepseaguard.security.scopes." + scoped
                        + " names no API key (name one: deepseaguard.security.api-keys[n]=<sha256 hex>:<role>:"
                        + scoped + ")");
            }
        }
        this.byHash = Map.copyOf(keys);
    }

    /** True when authentication is on (any key configured). */
    public boolean enabled() {
        return !byHash.isEmpty();
    }

    /**
     * The key a request carries: {@code X-API-Key}, else (when {@code basic}) the password of
     * {@code Authorization: Basic}. Basic is for the management surface only: browsers send it
     * by themselves, so the API never takes it (a page of another site cannot borrow it).
     */
    public static Optional<String> presented(HttpServletRequest request, boolean basic) {
        String key = request.getHeader(HEADER);
        if (key != null || !basic) {
            return Optional.ofNullable(key);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The identity of a presented key, empty when unknown. */
    public Optional<ApiKeyIdentity> identify(String key) {
        return Optional.ofNullable(byHash.get(sha256(key)));
    }

    /** True when {@code hash} (SHA-256 hex, lower case) is a configured key's. */
    public boolean knows(String hash) {
        return byHash.containsKey(hash);
    }

    /** SHA-256 of the key as lower-case hex. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
