package org.deepseaguard.core.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The last applied timestamps of a vehicle, oldest first, at most
 * {@link ComplianceEngine#RECENT_TIMESTAMPS}: an immutable list over a private array, so appending
 * copies the array once (the JDK's {@code List.of} would copy it again) and
 * {@link VehicleState} takes it without another copy. Immutable and thread-safe; serialisable
 * (JSON sees a plain array of instants).
 */
final class RecentTimestamps extends AbstractList<Instant> implements RandomAccess, Serializable {

    private static final long serialVersionUID = 1L;

    private final Instant[] timestamps;

    private RecentTimestamps(Instant[] timestamps) {
        this.timestamps = timestamps;
    }

    /** {@code recent} with {@code t} appended, the oldest dropped beyond {@code capacity}. */
    static List<Instant> append(List<Instant> recent, Instant t, int capacity) {
        int n = recent.size();
        int keep = Math.min(n, capacity - 1);
        Instant[] next = new Instant[keep + 1];
        if (recent instanceof RecentTimestamps r) {
            System.arraycopy(r.timestamps, n - keep, next, 0, keep);
        } else {
            for (int i = 0; i < keep; i++) {
                next[i] = recent.get(n - keep + i);
            }
        }
        next[keep] = t;
        return new RecentTimestamps(next);
    }

    @Override
    public Instant get(int index) {
        return timestamps[index];
    }

    @Override
    public int size() {
        return timestamps.length;
    }

    @Override
    public boolean contains(Object o) {
        for (Instant t : timestamps) {
            if (t.equals(o)) {
                return true;
            }
        }
        return false;
    }
}
