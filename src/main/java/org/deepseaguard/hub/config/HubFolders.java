package org.deepseaguard.hub.config;

import java.io.IOException;
import java.nio.file.Files;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Creates {@code deepseaguard.data-dir} and {@code deepseaguard.routes-dir} at startup, before the
 * Camel context loads routes, so a fresh clone starts (Camel refuses a routes pattern whose folder
 * is missing).
 */
@Component
public class HubFolders implements InitializingBean {

    private final DeepSeaGuardProperties properties;

    public HubFolders(DeepSeaGuardProperties properties) {
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Files.createDirectories(properties.dataDir());
        Files.createDirectories(properties.routesDir());
    }
}
