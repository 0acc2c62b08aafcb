package org.deepseaguard.hub.deadletter;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One message the hub could not process: the original payload as received, the headers it carried,
 * why it failed (the last reason, updated by a failed replay) and where it failed.
 * {@code replayedAt} is set once a replay succeeded; {@code replayCount} counts every replay attempt.
 * {@code payload} is readable text; when it is not exactly what arrived (a NUL byte, invalid UTF-8,
 * cut), {@code payloadNote} says why and {@code payloadBase64} holds the original bytes, which a
 * replay sends ({@link DeadLetterContent}). {@code replayClaimedAt} is set while a replay holds the row.
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
        @JsonProperty("payload_base64") String payloadBase64,
        @JsonProperty("payload_truncated") boolean payloadTruncated,
        @JsonProperty("payload_note") String payloadNote,
        @JsonProperty("payload_size") Long payloadSize,
        Map<String, Object> headers,
        @JsonProperty("replay_endpoint") String replayEndpoint,
        @JsonProperty("replayed_at") Instant replayedAt,
        @JsonProperty("replay_count") int replayCount,
        @JsonProperty("replay_claimed_at") Instant replayClaimedAt) {

    public boolean isReplayed() {
        return replayedAt != null;
    }

    /**
     * What a replay sends: the original bytes when they were kept in base64, else the text (then
     * exact); null when the original was too large to keep here (only the broker's DLQ has it).
     */
    public Object replayBody() {
        if (payloadBase64 != null) {
            return java.util.Base64.getDecoder().decode(payloadBase64);
        }
        // payload notes come first in the note (DeadLetterService#park): the text is not exact and
        // the original was not kept
        if (payloadTruncated || payloadNote != null && payloadNote.startsWith("payload")) {
            return null;
        }
        return payload;
    }
}
