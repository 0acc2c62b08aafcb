package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deepseaguard.hub.api.ApiKeyFilter;
import org.junit.jupiter.api.Test;

/**
 * The live map (static files under {@code static/}) over real HTTP: {@code GET /} is the page, and
 * every file it references, directly or through its scripts and style sheets, is served with the
 * content type a browser needs (ES modules are refused unless served as JavaScript), with and
 * without API keys configured. The page's own API calls carry {@code X-API-Key}.
 */
class LiveMapTest extends HubTestSupport {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern HTML_REF = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
    private static final Pattern JS_IMPORT = Pattern.compile("(?m)^\\s*import\\s.*?from\\s+'([^']+)'");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");
    private static final Map<String, String> TYPES = Map.of(
            ".html", "text/html", ".js", "text/javascript", ".css", "text/css", ".png", "image/png");

    record Page(int status, String contentType, String body) {
    }

    static Page fetch(String url) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fetches "/" and everything it references on this host; returns URL -> content type. */
    static Map<String, String> crawl(int port) {
        String root = "http://127.0.0.1:" + port + "/";
        Map<String, String> served = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String url = todo.pop();
            if (served.containsKey(url)) {
                continue;
            }
            Page page = fetch(url);
            assertThat(page.status()).as("GET %s", url).isEqualTo(200);
            served.put(url, page.contentType());
            Pattern refs = url.endsWith(".css") ? CSS_URL : url.endsWith(".js") ? JS_IMPORT
                    : page.contentType().startsWith("text/html") ? HTML_REF : null;
            if (refs == null) {
                continue;
            }
            Matcher m = refs.matcher(page.body());
            while (m.find()) {
                String ref = m.group(1);
                if (ref.startsWith("#") || ref.startsWith("data:") || ref.startsWith("http:") || ref.startsWith("https:")) {
                    continue; // old-IE VML behaviour, inlined icons, the optional OpenStreetMap tiles
                }
                String target = URI.create(url).resolve(ref).toString();
                assertThat(target).as("%s in %s stays on the hub", ref, url).startsWith(root);
                todo.add(target);
            }
        }
        return served;
    }

    static void assertMapIsServed(int port) {
        Page page = fetch("http://127.0.0.1:" + port + "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"map\"", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
                "type=\"module\" src=\"map/app.js\"", "Source: International Seabed Authority");

        Map<String, String> served = crawl(port);
        Set<String> paths = new TreeSet<>();
        served.forEach((url, contentType) -> {
            String path = URI.create(url).getPath();
            paths.add(path);
            String extension = path.endsWith("/") ? ".html" : path.substring(path.lastIndexOf('.'));
            assertThat(contentType.toLowerCase(Locale.ROOT)).as("Content-Type of %s", path)
                    .startsWith(TYPES.get(extension));
        });
        assertThat(paths).contains("/", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css", "/map/map.css",
                "/map/app.js", "/map/api.js", "/map/dom.js", "/map/geo.js", "/map/track.js", "/map/report.js",
                "/vendor/leaflet/images/layers.png", "/vendor/leaflet/images/marker-icon.png",
                "/map/live.js", "/map/land.js", "/map/trails.js", "/map/labels.js",
                "/vendor/topojson-client/topojson-client.min.js");
        // the coastline is the hub's own file (read by map/land.js with fetch, so not crawled): no CDN
        Page land = fetch("http://127.0.0.1:" + port + "/vendor/world-atlas/land-50m.json");
        assertThat(land.status()).isEqualTo(200);
        assertThat(land.contentType()).startsWith("application/json");
        assertThat(land.body()).startsWith("{\"type\":\"Topology\"").contains("\"land\"");
        assertThat(fetch("http://127.0.0.1:" + port + "/map/land.js").body()).contains("'vendor/world-atlas/land-50m.json'");
        assertThat(fetch("http://127.0.0.1:" + port + "/vendor/world-atlas/LICENSE").body()).contains("Michael Bostock");
        assertThat(fetch("http://127.0.0.1:" + port + "/vendor/topojson-client/LICENSE").body()).contains("Michael Bostock");

        Page alias = fetch("http://127.0.0.1:" + port + "/map.html");
        assertThat(alias.status()).isEqualTo(200);
        assertThat(alias.body()).contains("url=./");
        assertThat(fetch("http://127.0.0.1:" + port + "/vendor/leaflet/LICENSE").body()).contains("BSD 2-Clause License");
    }

    @Test
    void thePageAndEveryFileItReferencesAreServed() {
        assertMapIsServed(port);
    }

    @Test
    void theStatusGivesThePageItsTrackWindow() {
        Http.Response status = http.get("/api/v1/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("up");
        assertThat(status.json().at("/map/track_window_seconds").asLong()).isEqualTo(3600); // deepseaguard.map.track-window default
    }

    @Test
    void apiCallsSendTheStoredKeyAndNoApiTextReachesInnerHtml() throws IOException {
        Page api = fetch("http://127.0.0.1:" + port + "/map/api.js");
        assertThat(api.body()).contains("'" + ApiKeyFilter.HEADER + "'", "localStorage", "new URL('api/v1/'");
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/static/map"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
                assertThat(Files.readString(script)).as("%s", script).doesNotContain("innerHTML", "insertAdjacentHTML",
                        "outerHTML", "document.write");
            }
        }
    }
}
