package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.Telemetry;

/**
 * Validates and reads one telemetry fix from its JSON form (DESIGN section 6): required
 * {@code auv_id} (1-64 of [A-Za-z0-9_.-]), {@code timestamp} (ISO-8601), {@code latitude} [-90, 90],
 * {@code longitude} [-180, 180], {@code depth} [0, 11000]; optional {@code heading}, {@code speed},
 * {@code battery}, {@code mission_id}. NaN, infinities, wrong JSON types and timestamps more than
 * {@code maxFuture} after {@code now} are refused. Stateless and thread-safe.
 */
public final class TelemetryReader {

    private TelemetryReader() {
    }

    /** The fix, or every reason it was refused. Exactly one of the two is non-null/non-empty. */
    public record Result(Telemetry fix, List<FieldError> errors) {
        public boolean isValid() {
            return fix != null;
        }
    }

    public static Result read(JsonNode node, Instant now, Duration maxFuture) {
        throw new UnsupportedOperationException("TODO");
    }
}
