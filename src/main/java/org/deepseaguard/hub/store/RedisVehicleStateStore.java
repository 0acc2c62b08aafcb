package org.deepseaguard.hub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.deepseaguard.core.engine.VehicleState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The vehicle state store of profile {@code stack} ({@code deepseaguard.state-store=redis}): the
 * mirror of the durable states in Redis, for the API and for other readers. The database is the
 * record (table {@code vehicle_states}, written with each batch's results); the pipeline judges
 * from its in-memory working set and, after each commit, writes the new state here with
 * {@link #mirror}; at startup the hub brings Redis up to the database.
 *
 * <h2>Keys (DESIGN section 3; every key starts with {@code deepseaguard.redis.key-prefix}, empty by default)</h2>
 * <ul>
 *   <li>{@code auv:state:<auv_id>}, a hash: {@code state} (the {@link VehicleState} as JSON, written
 *       with the hub's ObjectMapper), {@code revision} (incremented by every save), {@code zones}
 *       (JSON object zone_id -> entry time), and for operators {@code last_update}, {@code latitude},
 *       {@code longitude}, {@code depth} (the last applied fix) and {@code open_violations} (a count);
 *       see {@link VehicleStateHash}.</li>
 *   <li>{@code zone:auvs:<zone_id>}, a hash auv_id -> entry time (ISO-8601 UTC, event time): the
 *       vehicles in the zone now. Redis drops the key when the last vehicle leaves.</li>
 *   <li>{@code auv:ids}, a set of every vehicle with a stored state, so {@link #vehicleIds()} never
 *       scans keys (no {@code KEYS}, no {@code SCAN}).</li>
 * </ul>
 *
 * <h2>Atomicity</h2>
 * {@link #save} writes the state hash, the id set and the occupancy of every zone entered or left
 * in ONE {@code MULTI/EXEC} transaction (under {@code WATCH} of the state key, which also reads the
 * zones of the previous save): Redis applies all of it or none of it, so a crash of the hub at any
 * point never leaves occupancy and state disagreeing, and readers never see a half-written save.
 * Everything that can fail locally (JSON) is done before the transaction starts.
 *
 * <h2>Several writers</h2>
 * Calls for one vehicle are serialised by the caller (the compliance service's per-vehicle lock),
 * and across instances Kafka's partitioning by auv_id gives each vehicle one instance. For the
 * moments when that does not hold (a partition moving during a rebalance, the telemetry-gap
 * watchdog of another instance), a save is optimistic: it succeeds only while the stored
 * {@code revision} is still the one this instance's last {@link #load} of that vehicle saw, and
 * otherwise throws {@link OptimisticLockingFailureException} without writing anything, so a state
 * computed from a stale one never overwrites a newer one (the fix is redelivered and re-judged from
 * the newer state). A save not preceded by a load on this instance is not checked.
 *
 * <h2>Failures</h2>
 * Redis down, timing out or refusing: the {@link DataAccessException} (e.g.
 * {@code RedisConnectionFailureException}) propagates to the caller; nothing was written. The
 * pipeline does not fail a committed batch for it: it logs and counts the failure
 * ({@code deepseaguard.state.mirror.failures}), and the vehicle's next save rewrites its whole
 * state. A stored state that cannot be read fails the call with an {@link IllegalStateException}.
 *
 * <p>Thread-safe: every call borrows a pooled connection; the only mutable field is a concurrent
 * map of the revisions last loaded per vehicle.
 */
@Component
@Primary
@ConditionalOnProperty(name = "deepseaguard.state-store", havingValue = "redis")
public class RedisVehicleStateStore implements VehicleStateStore {

    static final String STATE_KEY = "auv:state:";
    static final String ZONE_KEY = "zone:auvs:";
    static final String IDS_KEY = "auv:ids";

    private final StringRedisTemplate redis;
    private final VehicleStateHash hash;
    private final String prefix;
    private final Map<String, Long> loadedRevisions = new ConcurrentHashMap<>();

    public RedisVehicleStateStore(StringRedisTemplate redis, ObjectMapper json, RedisStateProperties properties) {
        this.redis = redis;
        this.hash = new VehicleStateHash(json);
        this.prefix = properties.keyPrefix();
    }

    @Override
    public Optional<VehicleState> load(String auvId) {
        List<String> values = this.<String>hashOps(redis).multiGet(stateKey(auvId),
                List.of(VehicleStateHash.STATE, VehicleStateHash.REVISION));
        loadedRevisions.put(auvId, VehicleStateHash.revision(values.get(1)));
        String text = values.get(0);
        return text == null ? Optional.empty() : Optional.of(hash.state(auvId, text));
    }

    /**
     * Stores the state and the occupancy of the zones it entered or left, in one transaction.
     *
     * @throws OptimisticLockingFailureException when another writer saved this vehicle since this
     *                                           instance loaded it; nothing was written
     * @throws DataAccessException               when Redis fails; nothing was written
     */
    @Override
    public void save(VehicleState state) {
        write(state, loadedRevisions.get(state.auvId()));
    }

    /**
     * Stores the states as the mirror of the database (the pipeline's working set has them already),
     * without the revision check of {@link #save}: the zones each vehicle left or entered come from
     * its state before, so nothing is read first and a whole batch is ONE {@code MULTI/EXEC}: all
     * of it or none of it.
     *
     * @throws DataAccessException when Redis fails; nothing was written
     */
    public void mirror(List<VehicleStateRepository.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Map<String, String>> fields = changes.stream().map(c -> hash.fields(c.after())).toList();
        // Jedis sends the queued commands of a MULTI without waiting for each reply: one round trip
        redis.execute(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                HashOperations<String, String, String> hashes = hashOps(ops);
                ops.multi();
                for (int i = 0; i < changes.size(); i++) {
                    VehicleState before = changes.get(i).before();
                    VehicleState after = changes.get(i).after();
                    String auvId = after.auvId();
                    String stateKey = stateKey(auvId);
                    Map<String, String> f = fields.get(i);
                    hashes.putAll(stateKey, f);
                    hashes.increment(stateKey, VehicleStateHash.REVISION, 1);
                    List<String> absent = VehicleStateHash.POSITION_FIELDS.stream().filter(x -> !f.containsKey(x)).toList();
                    if (!absent.isEmpty()) {
                        hashes.delete(stateKey, absent.toArray());
                    }
                    ops.opsForSet().add(idsKey(), auvId);
                    for (String zoneId : before.zoneEntries().keySet()) {
                        if (!after.zoneEntries().containsKey(zoneId)) {
                            hashes.delete(zoneKey(zoneId), auvId);
                        }
                    }
                    after.zoneEntries().forEach((zoneId, entered) -> hashes.put(zoneKey(zoneId), auvId, entered.toString()));
                }
                ops.exec();
                return null;
            }
        });
        changes.forEach(c -> loadedRevisions.remove(c.after().auvId()));
    }

    /** One state as the mirror of the database (see {@link #mirror(List)}), e.g. at startup. */
    public void mirror(VehicleState state) {
        write(state, null);
    }

    private void write(VehicleState state, Long expected) {
        String auvId = state.auvId();
        Map<String, String> fields = hash.fields(state);
        long written;
        try {
            written = redis.execute(new SaveTransaction(state, fields, expected));
        } catch (RuntimeException e) {
            loadedRevisions.remove(auvId);
            throw e;
        }
        loadedRevisions.put(auvId, written);
    }

    @Override
    public Set<String> vehicleIds() {
        Set<String> ids = redis.opsForSet().members(idsKey());
        return ids == null ? Set.of() : Set.copyOf(ids);
    }

    @Override
    public Map<String, Instant> occupants(String zoneId) {
        Map<String, Instant> occupants = new TreeMap<>();
        this.<String>hashOps(redis).entries(zoneKey(zoneId))
                .forEach((auvId, entered) -> occupants.put(auvId, Instant.parse(entered)));
        return occupants;
    }

    String stateKey(String auvId) {
        return prefix + STATE_KEY + auvId;
    }

    String zoneKey(String zoneId) {
        return prefix + ZONE_KEY + zoneId;
    }

    String idsKey() {
        return prefix + IDS_KEY;
    }

    @SuppressWarnings("unchecked")
    private <K> HashOperations<K, String, String> hashOps(RedisOperations<K, ?> operations) {
        return (HashOperations<K, String, String>) (HashOperations<K, ?, ?>) operations.opsForHash();
    }

    /** WATCH the state key, read the previous revision and zones, then MULTI ... EXEC; answers the new revision. */
    private final class SaveTransaction implements SessionCallback<Long> {

        private final VehicleState state;
        private final Map<String, String> fields;
        private final Long expectedRevision;

        SaveTransaction(VehicleState state, Map<String, String> fields, Long expectedRevision) {
            this.state = state;
            this.fields = fields;
            this.expectedRevision = expectedRevision;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> Long execute(RedisOperations<K, V> operations) {
            RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
            String auvId = state.auvId();
            String stateKey = stateKey(auvId);
            HashOperations<String, String, String> hashes = hashOps(ops);

            ops.watch(stateKey);
            long stored;
            Set<String> previousZones;
            try {
                List<String> current = hashes.multiGet(stateKey, List.of(VehicleStateHash.REVISION, VehicleStateHash.ZONES));
                stored = VehicleStateHash.revision(current.get(0));
                if (expectedRevision != null && stored != expectedRevision) {
                    throw conflict(auvId, expectedRevision, stored);
                }
                previousZones = hash.zones(current.get(1)).keySet();
            } catch (RuntimeException e) {
                unwatch(ops, e);
                throw e;
            }
            long next = stored + 1;

            ops.multi();
            hashes.putAll(stateKey, fields);
            hashes.put(stateKey, VehicleStateHash.REVISION, Long.toString(next));
            List<String> absent = VehicleStateHash.POSITION_FIELDS.stream().filter(f -> !fields.containsKey(f)).toList();
            if (!absent.isEmpty()) {
                hashes.delete(stateKey, absent.toArray());
            }
            ops.opsForSet().add(idsKey(), auvId);
            for (String zoneId : previousZones) {
                if (!state.zoneEntries().containsKey(zoneId)) {
                    hashes.delete(zoneKey(zoneId), auvId);
                }
            }
            state.zoneEntries().forEach((zoneId, entered) -> hashes.put(zoneKey(zoneId), auvId, entered.toString()));
            List<Object> results = ops.exec();
            if (results == null || results.isEmpty()) {
                // EXEC answered nil: the watched state key changed between WATCH and EXEC
                throw conflict(auvId, stored, -1);
            }
            return next;
        }

        private void unwatch(RedisOperations<String, String> ops, RuntimeException cause) {
            try {
                ops.unwatch();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }

        private OptimisticLockingFailureException conflict(String auvId, long expected, long found) {
            return new OptimisticLockingFailureException("the state of " + auvId + " in Redis was saved by another "
                    + "writer since it was read here (revision " + expected + " expected, "
                    + (found < 0 ? "changed during the save" : found + " found") + "); nothing was written");
        }
    }
}
