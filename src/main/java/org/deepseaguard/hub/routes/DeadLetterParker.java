package org.deepseaguard.hub.routes;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.hub.store.DeadLetterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Keeps a message an asynchronous route gave up on, with the reason, in {@code dead_letters}. */
@Component
public class DeadLetterParker {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterParker.class);

    private final DeadLetterRepository repository;
    private final Clock clock;

    public DeadLetterParker(DeadLetterRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public void park(String routeId, String reason, String body, Map<String, Object> headers) {
        Map<String, Object> kept = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (!k.startsWith("Camel") && v != null) {
                kept.put(k, v.toString());
            }
        });
        LOG.error("Dead letter from route {}: {} (body {})", routeId, reason, body);
        repository.park(routeId, reason, body, kept.toString(), clock.instant());
    }
}
