package org.deepseaguard.hub.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.support.EndpointHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.deepseaguard.hub.service.SubscriptionService;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The integrators' routes folder ({@code deepseaguard.routes-dir}, {@code *.camel.yaml}; docs/yaml-routes.md):
 * loaded when Camel has started, then looked at every {@code deepseaguard.routes-reload-interval}
 * (route {@code routes-folder-watch}) and reloaded file by file without a restart: a new file's
 * routes are added, a changed file's routes replaced, a deleted file's routes removed.
 *
 * <p>A file that does not load (YAML that does not parse, an unknown step, an endpoint that cannot be
 * created, a duplicate route id) is reported on the log and at {@code GET /api/v1/status}
 * ({@code routes.errors}: file, line and column when the YAML parser knows them, message); its
 * previous version, if one loaded, is put back and keeps running, and every other route runs on.
 * Only the hub's own routes and those of the classpath are never touched. Thread-safe (one scan at a
 * time).
 */
@Component
public class IntegratorRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IntegratorRoutes.class);
    private static final Pattern LINE = Pattern.compile("line (\\d+), column (\\d+)");

    /** A file that did not load. */
    public record LoadError(String file, Integer line, Integer column, String message, Instant at) {
    }

    /** What the folder holds now: the routes of each file, and the files that did not load. */
    public record Folder(String folder, Map<String, List<String>> routes, List<LoadError> errors) {
    }

    private final CamelContext camel;
    private final SubscriptionService subscriptions;
    private final Path folder;
    private final Clock clock;
    /** Each file's content as last seen (loaded or not). */
    private final Map<Path, String> seen = new TreeMap<>();
    /** The content that runs, per file (put back when a new version fails). */
    private final Map<Path, String> running = new TreeMap<>();
    private final Map<Path, List<String>> routeIds = new TreeMap<>();
    private final Map<Path, LoadError> errors = new TreeMap<>();

    public IntegratorRoutes(CamelContext camel, Environment environment, Clock clock, SubscriptionService subscriptions) {
        this.camel = camel;
        this.subscriptions = subscriptions;
        // the text as written: bound to a Path, Spring would look for "./routes" on the classpath first
        this.folder = Path.of(environment.getProperty("deepseaguard.routes-dir", "./routes")).toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Compares the folder with what was loaded and applies the differences, file by file.
     *
     * @return the number of files added, changed or removed
     */
    public synchronized int scan() {
        Map<Path, String> now = read();
        int changes = 0;
        for (Map.Entry<Path, String> e : now.entrySet()) {
            if (!e.getValue().equals(seen.get(e.getKey()))) {
                apply(e.getKey(), e.getValue());
                changes++;
            }
        }
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!now.containsKey(gone)) {
                try {
                    remove(gone);
                } catch (Exception e) {
                    LOG.error("Routes of deleted {} could not all be removed: {}", gone, e.toString());
                }
                seen.remove(gone);
                running.remove(gone);
                errors.remove(gone);
                LOG.info("Routes of {} removed (file deleted)", gone);
                changes++;
            }
        }
        // the subscriptions of alerts-to routes that are gone (a file deleted, or changed to another name)
        subscriptions.dropTemplatesWithout(this::consumed);
        return changes;
    }

    private boolean consumed(String endpointUri) {
        for (var route : camel.getRoutes()) {
            if (EndpointHelper.matchEndpoint(camel, route.getEndpoint().getEndpointUri(), endpointUri)) {
                return true;
            }
        }
        return false;
    }

    /** The folder's state, for {@code GET /api/v1/status}. */
    public synchronized Folder folder() {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        routeIds.forEach((file, ids) -> routes.put(file.getFileName().toString(), List.copyOf(ids)));
        return new Folder(folder.toString(), routes, List.copyOf(errors.values()));
    }

    private Map<Path, String> read() {
        Map<Path, String> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(folder, "*.camel.yaml")) {
            for (Path file : list) {
                try {
                    files.put(file.toAbsolutePath().normalize(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    LOG.warn("Route file {} cannot be read, left as it was: {}", file, e.toString());
                    String before = seen.get(file.toAbsolutePath().normalize());
                    if (before != null) {
                        files.put(file.toAbsolutePath().normalize(), before);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Routes folder {} cannot be listed, nothing changed: {}", folder, e.toString());
            files.putAll(running);
        }
        return files;
    }

    private void apply(Path file, String content) {
        String location = "file:" + file;
        try {
            remove(file);
            routeIds.put(file, add(location, content));
            running.put(file, content);
            seen.put(file, content);
            errors.remove(file);
            LOG.info("Routes of {} loaded: {}", file, routeIds.get(file));
        } catch (Exception e) {
            LoadError error = error(file, e);
            errors.put(file, error);
            seen.put(file, content);
            LOG.error("Routes of {} not loaded ({}{}): {}; {}", file, error.line() == null ? "" : "line " + error.line(),
                    error.column() == null ? "" : ", column " + error.column(), error.message(),
                    running.containsKey(file) ? "its previous version keeps running" : "the other routes run on");
            restore(file, location);
        }
    }

    /** Puts the last version that loaded back (the failed attempt may have added some of its routes). */
    private void restore(Path file, String location) {
        try {
            remove(file);
            String previous = running.get(file);
            routeIds.put(file, previous == null ? List.of() : add(location, previous));
        } catch (Exception e) {
            LOG.error("The previous routes of {} could not be put back: {}", file, e.toString());
            routeIds.put(file, List.of());
        }
    }

    /** Loads the routes of one file's content; when that fails, removes what it added before failing. */
    private List<String> add(String location, String content) throws Exception {
        Set<String> before = ids();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(location, content));
            return added(before);
        } catch (Exception e) {
            removeRoutes(added(before));
            throw e;
        }
    }

    private void remove(Path file) throws Exception {
        removeRoutes(routeIds.getOrDefault(file, List.of()));
        routeIds.remove(file);
    }

    private void removeRoutes(List<String> ids) throws Exception {
        for (String id : ids) {
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        }
    }

    private List<String> added(Set<String> before) {
        List<String> added = new ArrayList<>();
        for (String id : ids()) {
            if (!before.contains(id)) {
                added.add(id);
            }
        }
        added.sort(null);
        return added;
    }

    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private LoadError error(Path file, Exception e) {
        Integer line = null;
        Integer column = null;
        String message = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String text = t.getMessage();
            if (text == null) {
                continue;
            }
            Matcher m = LINE.matcher(text);
            if (line == null && m.find()) {
                line = Integer.valueOf(m.group(1));
                column = Integer.valueOf(m.group(2));
            }
            message = text; // the innermost says most
        }
        return new LoadError(file.getFileName().toString(), line, column,
                message == null ? e.getClass().getSimpleName() : message.strip(), clock.instant());
    }
}
