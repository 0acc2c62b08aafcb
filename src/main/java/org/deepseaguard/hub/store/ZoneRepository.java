package org.deepseaguard.hub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Zones as GeoJSON Feature text plus searchable columns, and every version of every zone in
 * {@code zone_versions} (deletions included). Callers run multi-row changes in one transaction.
 */
@Repository
public class ZoneRepository {

    /** A stored zone: its Feature text (properties include {@code version}) and version. */
    public record StoredZone(String zoneId, int version, String feature) {
    }

    private final JdbcTemplate jdbc;

    public ZoneRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<StoredZone> findAll() {
        return jdbc.query("SELECT zone_id, version, feature FROM zones ORDER BY zone_id",
                (rs, i) -> new StoredZone(rs.getString("zone_id"), rs.getInt("version"), rs.getString("feature")));
    }

    /** The ids among {@code zoneIds} that exist now. */
    public Set<String> existing(Collection<String> zoneIds) {
        Set<String> found = new HashSet<>();
        for (String id : zoneIds) {
            if (!jdbc.queryForList("SELECT zone_id FROM zones WHERE zone_id = ?", String.class, id).isEmpty()) {
                found.add(id);
            }
        }
        return found;
    }

    /** The highest version this id ever had (0 if never), so a re-created zone continues its history. */
    public int lastVersion(String zoneId) {
        Integer v = jdbc.queryForObject("SELECT MAX(version) FROM zone_versions WHERE zone_id = ?", Integer.class, zoneId);
        return v == null ? 0 : v;
    }

    public void insert(ZoneRow zone, Instant now) {
        jdbc.update("INSERT INTO zones (zone_id, name, zone_type, contract_id, version, feature, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                zone.zoneId(), zone.name(), zone.zoneType(), zone.contractId(), zone.version(), zone.feature(), Sql.ts(now));
        history(zone.zoneId(), zone.version(), "created", zone.feature(), now);
    }

    public void update(ZoneRow zone, Instant now) {
        jdbc.update("UPDATE zones SET name = ?, zone_type = ?, contract_id = ?, version = ?, feature = ?, updated_at = ? "
                        + "WHERE zone_id = ?",
                zone.name(), zone.zoneType(), zone.contractId(), zone.version(), zone.feature(), Sql.ts(now), zone.zoneId());
        history(zone.zoneId(), zone.version(), "updated", zone.feature(), now);
    }

    /** Deletes the zone and records the deletion as version {@code version}. */
    public void delete(String zoneId, int version, Instant now) {
        jdbc.update("DELETE FROM zones WHERE zone_id = ?", zoneId);
        history(zoneId, version, "deleted", null, now);
    }

    private void history(String zoneId, int version, String change, String feature, Instant now) {
        jdbc.update("INSERT INTO zone_versions (zone_id, version, change_type, feature, changed_at) VALUES (?, ?, ?, ?, ?)",
                zoneId, version, change, feature, Sql.ts(now));
    }

    /**
     * The version the zone has now, its row locked until the transaction ends (so a conditional
     * change compares and writes atomically: a second writer waits, then sees the new version);
     * {@code null} when the zone does not exist. Call inside a transaction.
     */
    public Integer lockVersion(String zoneId) {
        List<Integer> v = jdbc.queryForList("SELECT version FROM zones WHERE zone_id = ? FOR UPDATE", Integer.class,
                zoneId);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Every version of the zone, oldest first (empty for an id never used); deletions included. */
    public List<StoredVersion<String>> versions(String zoneId) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM zone_versions WHERE zone_id = ? ORDER BY version",
                ZoneRepository::version, zoneId);
    }

    /** One version of the zone. */
    public Optional<StoredVersion<String>> version(String zoneId, int version) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM zone_versions WHERE zone_id = ? AND version = ?",
                ZoneRepository::version, zoneId, version).stream().findFirst();
    }

    /** The version of a zone in force at {@code at}: the newest stored no later than it. */
    public Optional<StoredVersion<String>> versionAt(String zoneId, Instant at) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM zone_versions WHERE zone_id = ? AND changed_at <= ? "
                + "ORDER BY version DESC LIMIT 1", ZoneRepository::version, zoneId, Sql.ts(at)).stream().findFirst();
    }

    private static final String VERSION_COLUMNS = "version, change_type, changed_at, feature";

    private static StoredVersion<String> version(ResultSet rs, int row) throws SQLException {
        return new StoredVersion<>(rs.getInt("version"), rs.getString("change_type"), Sql.instant(rs, "changed_at"),
                rs.getString("feature"));
    }

    /** The columns of one zone row. */
    public record ZoneRow(String zoneId, String name, String zoneType, String contractId, int version, String feature) {
    }

    /** How many changes were ever made (every create, update and delete adds a version row). */
    public long changeCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM zone_versions", Long.class);
        return n == null ? 0 : n;
    }
}
