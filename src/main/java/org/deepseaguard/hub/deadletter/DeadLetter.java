package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One message the hub could not process: the original payload as received, the headers it carried,
 * why it failed (the last reason, updated by a failed replay) and where it failed.
 * {@code replayedAt} is set once a replay succeeded; {@code replayCount} counts every replay attempt.
 * Immutable and thread-safe. JSON field names are snake_case (DESIGN section 6).
 */
public record DeadLetter(
        long id,
        @JsonProperty("received_at") Instant receivedAt,
        String source,
        @JsonProperty("route_id") String routeId,
        String reason,
        @JsonProperty("exception_class") String exceptionClass,
        String payload,
        Map<String, Object> headers,
        @JsonProperty("replay_endpoint") String replayEndpoint,
        @JsonProperty("replayed_at") Instant replayedAt,
        @JsonProperty("replay_count") int replayCount) {

    public boolean isReplayed() {
        return replayedAt != null;
    }
}
