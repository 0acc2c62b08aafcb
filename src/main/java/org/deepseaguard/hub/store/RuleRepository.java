package org.deepseaguard.hub.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rules as their JSON definition plus searchable columns, and every version in {@code rule_versions}.
 * Callers run multi-row changes in one transaction.
 */
@Repository
public class RuleRepository {

    /** A stored rule: its JSON definition (with {@code version}) and version. */
    public record StoredRule(String ruleId, int version, String definition) {
    }

    /** The columns of one rule row. */
    public record RuleRow(String ruleId, String type, String severity, boolean enabled, int version, String definition) {
    }

    private final JdbcTemplate jdbc;

    public RuleRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<StoredRule> findAll() {
        return jdbc.query("SELECT rule_id, version, definition FROM rules ORDER BY rule_id",
                (rs, i) -> new StoredRule(rs.getString("rule_id"), rs.getInt("version"), rs.getString("definition")));
    }

    public boolean exists(String ruleId) {
        return !jdbc.queryForList("SELECT rule_id FROM rules WHERE rule_id = ?", String.class, ruleId).isEmpty();
    }

    /** The highest version this id ever had (0 if never). */
    public int lastVersion(String ruleId) {
        Integer v = jdbc.queryForObject("SELECT MAX(version) FROM rule_versions WHERE rule_id = ?", Integer.class, ruleId);
        return v == null ? 0 : v;
    }

    public void insert(RuleRow rule, Instant now) {
        jdbc.update("INSERT INTO rules (rule_id, rule_type, severity, enabled, version, definition, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rule.ruleId(), rule.type(), rule.severity(), rule.enabled(), rule.version(), rule.definition(), Sql.ts(now));
        history(rule.ruleId(), rule.version(), "created", rule.definition(), now);
    }

    public void update(RuleRow rule, Instant now) {
        jdbc.update("UPDATE rules SET rule_type = ?, severity = ?, enabled = ?, version = ?, definition = ?, updated_at = ? "
                        + "WHERE rule_id = ?",
                rule.type(), rule.severity(), rule.enabled(), rule.version(), rule.definition(), Sql.ts(now), rule.ruleId());
        history(rule.ruleId(), rule.version(), "updated", rule.definition(), now);
    }

    public void delete(String ruleId, int version, Instant now) {
        jdbc.update("DELETE FROM rules WHERE rule_id = ?", ruleId);
        history(ruleId, version, "deleted", null, now);
    }

    private void history(String ruleId, int version, String change, String definition, Instant now) {
        jdbc.update("INSERT INTO rule_versions (rule_id, version, change_type, definition, changed_at) VALUES (?, ?, ?, ?, ?)",
                ruleId, version, change, definition, Sql.ts(now));
    }

    /**
     * The version the rule has now, its row locked until the transaction ends (a conditional change
     * compares and writes atomically); {@code null} when the rule does not exist. Call inside a
     * transaction.
     */
    public Integer lockVersion(String ruleId) {
        List<Integer> v = jdbc.queryForList("SELECT version FROM rules WHERE rule_id = ? FOR UPDATE", Integer.class,
                ruleId);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Every version of the rule, oldest first (empty for an id never used); deletions included. */
    public List<StoredVersion<String>> versions(String ruleId) {
        return jdbc.query("SELECT version, change_type, changed_at, definition FROM rule_versions WHERE rule_id = ? "
                + "ORDER BY version", (rs, i) -> new StoredVersion<>(rs.getInt("version"), rs.getString("change_type"),
                Sql.instant(rs, "changed_at"), rs.getString("definition")), ruleId);
    }

    /** One version of the rule. */
    public Optional<StoredVersion<String>> version(String ruleId, int version) {
        return jdbc.query("SELECT version, change_type, changed_at, definition FROM rule_versions "
                + "WHERE rule_id = ? AND version = ?", (rs, i) -> new StoredVersion<>(rs.getInt("version"),
                rs.getString("change_type"), Sql.instant(rs, "changed_at"), rs.getString("definition")), ruleId, version)
                .stream().findFirst();
    }

    /** How many changes were ever made (every create, update and delete adds a version row). */
    public long changeCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM rule_versions", Long.class);
        return n == null ? 0 : n;
    }
}
