package org.deepseaguard.hub.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks the access settings before anything starts or connects (docs/configuration.md, "Secure
 * settings for stack"). The start stops when no {@code deepseaguard.security.api-keys} are configured
 * and either {@code deepseaguard.security.require-api-keys} is true (profile {@code stack}) or the hub
 * would listen on a non-loopback address ({@code server.address} other than 127.0.0.1, ::1 or
 * localhost; unset means every interface), in any profile; and when keys are configured but the
 * management endpoints would run on their own port ({@code management.server.port}), where the admin
 * guard does not reach. Unless {@code deepseaguard.management.jolokia.enabled} is true, the Jolokia
 * endpoint is switched off ({@code management.endpoint.jolokia.access=none}).
 */
public class ApiKeyRequirement implements EnvironmentPostProcessor {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        boolean required = binder.bind("deepseaguard.security.require-api-keys", Boolean.class).orElse(false);
        int keys = binder.bind("deepseaguard.security.api-keys", Bindable.listOf(String.class))
                .map(List::size).orElse(0);
        String address = binder.bind("server.address", String.class).orElse(null);
        if (required && keys == 0) {
            throw new IllegalStateException("deepseaguard.security.api-keys must be configured "
                    + "(deepseaguard.security.api-keys[0]=<sha256 hex of the key>:<role>[:<name>]) because "
                    + "deepseaguard.security.require-api-keys is true (profile stack)");
        }
        if (keys == 0 && !loopback(address)) {
            throw new IllegalStateException("deepseaguard.security.api-keys must be configured "
                    + "(deepseaguard.security.api-keys[0]=<sha256 hex of the key>:<role>[:<name>]) because the hub "
                    + "would listen on " + (address == null ? "every interface (server.address is not set)"
                    : "server.address=" + address) + "; without keys it only listens on a loopback address "
                    + "(server.address=127.0.0.1, ::1 or localhost)");
        }
        Integer managementPort = binder.bind("management.server.port", Integer.class).orElse(null);
        Integer serverPort = binder.bind("server.port", Integer.class).orElse(8080);
        if (keys > 0 && managementPort != null && managementPort >= 0 && !managementPort.equals(serverPort)) {
            throw new IllegalStateException("management.server.port=" + managementPort + " is not supported with "
                    + "API keys: the admin key guard of /actuator covers server.port only; leave it unset");
        }
        boolean jolokia = binder.bind("deepseaguard.management.jolokia.enabled", Boolean.class).orElse(false);
        if (!jolokia) {
            environment.getPropertySources().addFirst(new MapPropertySource("deepseaguardJolokiaOff",
                    Map.of("management.endpoint.jolokia.access", "none")));
        }
    }

    /** True for 127.x.x.x, ::1 and localhost (a missing address means every interface). */
    public static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.equals("localhost") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1") || LOOPBACK_V4.matcher(a).matches();
    }
}
