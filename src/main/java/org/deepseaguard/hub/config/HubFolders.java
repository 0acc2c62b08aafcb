package org.deepseaguard.hub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Creates {@code deepseaguard.data-dir} and {@code deepseaguard.routes-dir} before anything uses
 * them, so a fresh clone starts (Camel refuses a routes pattern whose folder is missing).
 */
public class HubFolders implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        create(environment.getProperty("deepseaguard.data-dir", "./data"));
        create(environment.getProperty("deepseaguard.routes-dir", "./routes"));
    }

    private static void create(String folder) {
        try {
            Files.createDirectories(Path.of(folder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }
}
