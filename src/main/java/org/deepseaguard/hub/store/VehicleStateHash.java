package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deepseaguard.core.engine.VehicleState;
import org.deepseaguard.core.model.Telemetry;

/**
 * The fields of one vehicle's Redis hash {@code auv:state:<auv_id>} and their text form.
 * {@value #STATE} (the whole {@link VehicleState} as JSON, written with the hub's ObjectMapper) is
 * what the hub reads back; {@value #ZONES} (JSON object zone_id -> entry time) is what the next
 * save compares against to know which zones were left; the other fields are for operators
 * ({@code redis-cli HGETALL auv:state:AUV-001}) and mirror the last applied fix. Times are
 * ISO-8601 UTC, numbers as Java prints a double. Immutable and thread-safe.
 */
final class VehicleStateHash {

    static final String STATE = "state";
    /** Incremented by every save; the optimistic check between instances (RedisVehicleStateStore). */
    static final String REVISION = "revision";
    static final String ZONES = "zones";
    static final String LAST_UPDATE = "last_update";
    static final String LATITUDE = "latitude";
    static final String LONGITUDE = "longitude";
    static final String DEPTH = "depth";
    static final String OPEN_VIOLATIONS = "open_violations";

    /** The fields that describe the last fix, absent while there is none. */
    static final List<String> POSITION_FIELDS = List.of(LAST_UPDATE, LATITUDE, LONGITUDE, DEPTH);

    private static final TypeReference<Map<String, Instant>> ZONE_ENTRIES = new TypeReference<>() { };

    private final ObjectMapper json;

    VehicleStateHash(ObjectMapper json) {
        this.json = json;
    }

    /** Every field of the hash but {@value #REVISION}, in a stable order. */
    Map<String, String> fields(VehicleState state) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(STATE, write(state));
        fields.put(ZONES, write(new TreeMap<>(state.zoneEntries())));
        fields.put(OPEN_VIOLATIONS, Integer.toString(state.openViolations().size()));
        Telemetry last = state.lastFix();
        if (last != null) {
            fields.put(LAST_UPDATE, last.timestamp().toString());
            fields.put(LATITUDE, Double.toString(last.latitude()));
            fields.put(LONGITUDE, Double.toString(last.longitude()));
            fields.put(DEPTH, Double.toString(last.depth()));
        }
        return fields;
    }

    /**
     * The state held in field {@value #STATE} of vehicle {@code auvId}'s hash.
     *
     * @throws IllegalStateException when the text is not a state of that vehicle: a corrupt entry
     *                               is never replaced by a fresh state (that would repeat zone
     *                               entries and open new episodes), the fix fails instead
     */
    VehicleState state(String auvId, String text) {
        VehicleState state;
        try {
            state = json.readValue(text, VehicleState.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable state of " + auvId + " in Redis: " + e.getMessage(), e);
        }
        if (state == null || !auvId.equals(state.auvId())) {
            throw new IllegalStateException("the Redis state stored for " + auvId + " belongs to "
                    + (state == null ? "nobody" : state.auvId()));
        }
        return state;
    }

    /** Field {@value #ZONES} read back; empty when absent (a vehicle never saved). */
    Map<String, Instant> zones(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, ZONE_ENTRIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable zone entries in Redis: " + text, e);
        }
    }

    /** Field {@value #REVISION} read back; 0 when absent. */
    static long revision(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
