package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Vehicle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Registered vehicles ({@code contract_ids} stored as a JSON array). */
@Repository
public class VehicleRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public VehicleRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Vehicle> findAll() {
        return jdbc.query("SELECT * FROM vehicles ORDER BY auv_id", (rs, i) -> new Vehicle(
                rs.getString("auv_id"), rs.getString("name"), rs.getString("operator"),
                readList(rs.getString("contract_ids")),
                Sql.nullableDouble(rs, "max_speed_mps"), Sql.nullableDouble(rs, "max_depth")));
    }

    /** Inserts; returns false when the id exists already. */
    public boolean insert(Vehicle v, Instant now) {
        return jdbc.update("INSERT INTO vehicles (auv_id, name, operator, contract_ids, max_speed_mps, max_depth, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                v.auvId(), v.name(), v.operator(), writeList(v.contractIds()), v.maxSpeedMps(), v.maxDepth(), Sql.ts(now)) == 1;
    }

    /** Replaces; returns false when the id does not exist. */
    public boolean update(Vehicle v, Instant now) {
        return jdbc.update("UPDATE vehicles SET name = ?, operator = ?, contract_ids = ?, max_speed_mps = ?, max_depth = ?, "
                        + "updated_at = ? WHERE auv_id = ?",
                v.name(), v.operator(), writeList(v.contractIds()), v.maxSpeedMps(), v.maxDepth(), Sql.ts(now), v.auvId()) == 1;
    }

    private String writeList(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> readList(String text) {
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad contract_ids in vehicles table: " + text, e);
        }
    }
}
