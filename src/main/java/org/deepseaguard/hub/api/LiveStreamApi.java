package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.deepseaguard.hub.live.LiveFeed;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/stream}: the live feed as server-sent events ({@code text/event-stream},
 * {@link LiveFeed}; docs/api.md, "Live feed"). A Spring MVC endpoint, not a REST DSL route: the
 * stream outlives the request thread ({@link SseEmitter}). Authentication is the API's: the key
 * filter in front of {@code /api/*} lets the roles that may read ({@code GET /auvs}) open it
 * ({@code operator}, {@code auditor}, {@code admin}); a missing or unknown key is refused with 401,
 * {@code ingest} with 403. The key travels in {@code X-API-Key} as for every other call (the map
 * reads the stream with {@code fetch}, which can send it), never in the URL. More streams than
 * {@code deepseaguard.live.max-clients}: 503 problem+json with {@code Retry-After}.
 */
@RestController
public class LiveStreamApi {

    private final LiveFeed feed;
    private final ObjectMapper json;

    public LiveStreamApi(LiveFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    @GetMapping("/api/v1/stream")
    public SseEmitter stream(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            SseEmitter emitter = feed.subscribe();
            response.setHeader("Cache-Control", "no-cache, no-store");
            response.setHeader("X-Accel-Buffering", "no"); // nginx and the like: pass each event on at once
            return emitter;
        } catch (LiveFeed.TooManyStreamsException e) {
            response.setHeader("Retry-After", "5");
            ProblemResponses.write(request, response, json, 503, "service-unavailable", "Service unavailable",
                    e.getMessage(), List.of());
            return null;
        }
    }
}
