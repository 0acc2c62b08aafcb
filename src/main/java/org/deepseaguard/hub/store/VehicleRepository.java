package org.deepseaguard.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deepseaguard.core.model.Vehicle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Registered vehicles ({@code contract_ids} stored as a JSON array) with their version, and every
 * version of every registration in {@code vehicle_versions}. A change writes both tables; callers
 * run it in one transaction.
 */
@Repository
public class VehicleRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String VERSION_COLUMNS = "auv_id, version, change_type, name, operator, contract_ids, "
            + "max_speed_mps, max_depth, changed_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public VehicleRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Vehicle> findAll() {
        return jdbc.query("SELECT * FROM vehicles ORDER BY auv_id", (rs, i) -> vehicle(rs));
    }

    /** The registration as stored now (another instance may have changed it). */
    public Optional<Vehicle> find(String auvId) {
        return jdbc.query("SELECT * FROM vehicles WHERE auv_id = ?", (rs, i) -> vehicle(rs), auvId).stream().findFirst();
    }

    /**
     * The version the registration has now, its row locked until the transaction ends (a
     * conditional change compares and writes atomically); {@code null} when the vehicle is not
     * registered. Call inside a transaction.
     */
    public Integer lockVersion(String auvId) {
        List<Integer> v = jdbc.queryForList("SELECT version FROM vehicles WHERE auv_id = ? FOR UPDATE", Integer.class,
                auvId);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Inserts {@code v} with its version (and the version row); returns false when the id exists already. */
    public boolean insert(Vehicle v, Instant now) {
        boolean inserted = jdbc.update("INSERT INTO vehicles (auv_id, name, operator, contract_ids, max_speed_mps, "
                        + "max_depth, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                v.auvId(), v.name(), v.operator(), writeList(v.contractIds()), v.maxSpeedMps(), v.maxDepth(), v.version(),
                Sql.ts(now)) == 1;
        if (inserted) {
            history(v, "created", now);
        }
        return inserted;
    }

    /** Replaces the registration with {@code v}, which carries its new version (and adds the version row). */
    public void update(Vehicle v, Instant now) {
        jdbc.update("UPDATE vehicles SET name = ?, operator = ?, contract_ids = ?, max_speed_mps = ?, max_depth = ?, "
                        + "version = ?, updated_at = ? WHERE auv_id = ?",
                v.name(), v.operator(), writeList(v.contractIds()), v.maxSpeedMps(), v.maxDepth(), v.version(),
                Sql.ts(now), v.auvId());
        history(v, "updated", now);
    }

    private void history(Vehicle v, String change, Instant now) {
        jdbc.update("INSERT INTO vehicle_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                v.auvId(), v.version(), change, v.name(), v.operator(), writeList(v.contractIds()), v.maxSpeedMps(),
                v.maxDepth(), Sql.ts(now));
    }

    /** Every version of the registration, oldest first (empty for a vehicle never registered). */
    public List<StoredVersion<Vehicle>> versions(String auvId) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM vehicle_versions WHERE auv_id = ? ORDER BY version",
                (rs, i) -> storedVersion(rs), auvId);
    }

    /** One version of the registration. */
    public Optional<StoredVersion<Vehicle>> version(String auvId, int version) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM vehicle_versions WHERE auv_id = ? AND version = ?",
                (rs, i) -> storedVersion(rs), auvId, version).stream().findFirst();
    }

    private StoredVersion<Vehicle> storedVersion(ResultSet rs) throws SQLException {
        return new StoredVersion<>(rs.getInt("version"), rs.getString("change_type"), Sql.instant(rs, "changed_at"),
                vehicle(rs));
    }

    private Vehicle vehicle(ResultSet rs) throws SQLException {
        return new Vehicle(rs.getString("auv_id"), rs.getString("name"), rs.getString("operator"),
                readList(rs.getString("contract_ids")),
                Sql.nullableDouble(rs, "max_speed_mps"), Sql.nullableDouble(rs, "max_depth"), rs.getInt("version"));
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
