package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deepseaguard.core.engine.VehicleState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable vehicle states (table {@code vehicle_states}, one JSON document per vehicle), written
 * in the transaction of the batch whose results they reflect, so the states, the fix log and the
 * audit trail always agree, whatever moment the process dies at. Thread-safe.
 */
@Repository
public class VehicleStateRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public VehicleStateRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes the states in JDBC batches: an update of the known rows, an insert of the others. */
    public void saveAll(List<VehicleState> states, Instant now) {
        if (states.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>(states.size());
        for (VehicleState state : states) {
            rows.add(new String[] {state.auvId(), toJson(state)});
        }
        int[][] updated = jdbc.batchUpdate("UPDATE vehicle_states SET state = ?, saved_at = ? WHERE auv_id = ?",
                rows, rows.size(), (ps, row) -> {
                    ps.setString(1, row[1]);
                    ps.setObject(2, Sql.ts(now));
                    ps.setString(3, row[0]);
                });
        List<String[]> inserts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[0][i] == 0) {
                inserts.add(rows.get(i));
            }
        }
        jdbc.batchUpdate("INSERT INTO vehicle_states (auv_id, state, saved_at) VALUES (?, ?, ?)",
                inserts, inserts.size(), (ps, row) -> {
                    ps.setString(1, row[0]);
                    ps.setString(2, row[1]);
                    ps.setObject(3, Sql.ts(now));
                });
    }

    /** Hands every stored state to {@code sink}; a row that cannot be read fails loudly. */
    public void forEach(Consumer<VehicleState> sink) {
        jdbc.query("SELECT auv_id, state FROM vehicle_states", rs -> {
            try {
                sink.accept(json.readValue(rs.getString("state"), VehicleState.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored state of " + rs.getString("auv_id") + " is unreadable: "
                        + e.getOriginalMessage(), e);
            }
        });
    }

    private String toJson(VehicleState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state of " + state.auvId(), e);
        }
    }
}
