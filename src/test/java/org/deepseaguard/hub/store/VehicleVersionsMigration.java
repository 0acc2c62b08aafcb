package org.deepseaguard.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks migration V53 on an empty database of any kind (H2 in {@code VehicleVersionsMigrationTest},
 * PostgreSQL in {@code VersionsIT}): registrations stored before it become their version 1, with a
 * version row as they were; violations get a nullable {@code registration_version}.
 */
public final class VehicleVersionsMigration {

    private VehicleVersionsMigration() {
    }

    /** Migrates {@code empty} to V51, stores a registration the old way, migrates on and asserts. */
    public static void assertBackfill(DataSource empty) {
        Flyway.configure().dataSource(empty).target("51").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(empty);
        jdbc.update("INSERT INTO vehicles (auv_id, name, operator, contract_ids, max_speed_mps, max_depth, updated_at) "
                + "VALUES ('AUV-OLD', 'Old', 'NORI', '[\"NORIPMN1\"]', 2.5, NULL, TIMESTAMP WITH TIME ZONE "
                + "'2026-11-01 08:00:00+00')");
        jdbc.update("INSERT INTO violations (violation_id, auv_id, rule_id, rule_type, zone_id, severity, status, "
                + "started_at, latitude, longitude, depth, late, inferred, zone_version, rule_version, recorded_at) "
                + "VALUES ('V-OLD', 'AUV-OLD', 'R', 'unauthorized_entry', 'Z', 'critical', 'closed', "
                + "TIMESTAMP WITH TIME ZONE '2026-11-01 08:00:00+00', 1, 2, 3, FALSE, FALSE, 1, 1, "
                + "TIMESTAMP WITH TIME ZONE '2026-11-01 08:00:00+00')");

        Flyway.configure().dataSource(empty).load().migrate();

        assertThat(jdbc.queryForObject("SELECT version FROM vehicles WHERE auv_id = 'AUV-OLD'", Integer.class))
                .isEqualTo(1);
        List<Map<String, Object>> versions = jdbc.queryForList("SELECT * FROM vehicle_versions");
        assertThat(versions).hasSize(1);
        Map<String, Object> v1 = versions.get(0);
        assertThat(v1.get("auv_id")).isEqualTo("AUV-OLD");
        assertThat(((Number) v1.get("version")).intValue()).isEqualTo(1);
        assertThat(v1.get("change_type")).isEqualTo("created");
        assertThat(v1.get("name")).isEqualTo("Old");
        assertThat(v1.get("operator")).isEqualTo("NORI");
        assertThat(v1.get("contract_ids")).isEqualTo("[\"NORIPMN1\"]");
        assertThat(((Number) v1.get("max_speed_mps")).doubleValue()).isEqualTo(2.5);
        assertThat(v1.get("max_depth")).isNull();
        assertThat(jdbc.queryForObject("SELECT changed_at = updated_at FROM vehicle_versions JOIN vehicles "
                + "USING (auv_id)", Boolean.class)).isTrue();
        assertThat(jdbc.queryForList("SELECT registration_version FROM violations WHERE violation_id = 'V-OLD'",
                Integer.class)).containsExactly((Integer) null);
    }
}
