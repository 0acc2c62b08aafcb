package org.deepseaguard.hub.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.deepseaguard.hub.config.ApiKeyRequirement;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which webhook targets a subscription may name ({@code deepseaguard.alerts.webhook-allow-list}):
 * an absolute {@code http} or {@code https} URL with a host, no user info, no fragment, no
 * placeholder, that matches one of the operator's globs ({@code *} any run of characters, {@code ?}
 * one; matched against the whole URL as given), or, with
 * {@code deepseaguard.alerts.allow-loopback-webhooks} (default profile), whose host is a loopback
 * address. An empty allow-list therefore allows only loopback targets in the default profile and
 * nothing in {@code stack}. Immutable and thread-safe.
 */
@Component
public class WebhookAllowList {

    private final List<String> globs;
    private final List<Pattern> patterns;
    private final boolean allowLoopback;

    @Autowired
    public WebhookAllowList(DeepSeaGuardProperties properties) {
        this(properties.alerts().webhookAllowList(), properties.alerts().allowLoopbackWebhooks());
    }

    WebhookAllowList(List<String> globs, boolean allowLoopback) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(WebhookAllowList::glob).toList();
        this.allowLoopback = allowLoopback;
    }

    /** Why {@code target} is refused, or null when it is allowed. */
    public String refusal(String target) {
        String wrong = malformed(target);
        if (wrong != null) {
            return wrong;
        }
        URI uri = URI.create(target);
        if (allowLoopback && ApiKeyRequirement.loopback(uri.getHost())) {
            return null;
        }
        for (Pattern p : patterns) {
            if (p.matcher(target).matches()) {
                return null;
            }
        }
        return globs.isEmpty()
                ? "is not allowed: deepseaguard.alerts.webhook-allow-list is empty" + (allowLoopback ? " (only loopback targets are)" : "")
                : "is not allowed by deepseaguard.alerts.webhook-allow-list " + globs;
    }

    /** Why {@code target} is not a URL the hub can POST to, or null (the allow-list is not asked). */
    public static String malformed(String target) {
        if (target.contains("{{") || target.contains("}}") || target.contains("RAW(")) {
            return "must not hold placeholders";
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not hold user info (put credentials in the secret, not the URL)";
        }
        if (uri.getRawFragment() != null) {
            return "must not hold a fragment";
        }
        return null;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
