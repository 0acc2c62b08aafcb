package org.deepseaguard.hub.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepseaguard.hub.service.Acknowledgement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code violation_acknowledgements}: at most one row per violation, never changed once written. */
@Repository
public class AcknowledgementRepository {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public AcknowledgementRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Inserts the acknowledgement unless the violation has one: true when this one was written. */
    public boolean insertIfAbsent(String violationId, Acknowledgement ack) {
        return jdbc.update("INSERT INTO violation_acknowledgements (violation_id, acknowledged_at, acknowledged_by, role, note) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                violationId, Sql.ts(ack.acknowledgedAt()), ack.acknowledgedBy(), ack.role(), ack.note()) == 1;
    }

    public Optional<Acknowledgement> find(String violationId) {
        return jdbc.query("SELECT acknowledged_at, acknowledged_by, role, note FROM violation_acknowledgements "
                        + "WHERE violation_id = ?", (rs, i) -> new Acknowledgement(Sql.instant(rs, "acknowledged_at"),
                        rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("note")), violationId)
                .stream().findFirst();
    }

    /** The acknowledgements of those violations that have one, by violation id. */
    public Map<String, Acknowledgement> find(Collection<String> violationIds) {
        Map<String, Acknowledgement> found = new HashMap<>();
        if (violationIds.isEmpty()) {
            return found;
        }
        named.query("SELECT violation_id, acknowledged_at, acknowledged_by, role, note FROM violation_acknowledgements "
                        + "WHERE violation_id IN (:ids)", Map.of("ids", List.copyOf(violationIds)),
                rs -> {
                    found.put(rs.getString("violation_id"), new Acknowledgement(Sql.instant(rs, "acknowledged_at"),
                            rs.getString("acknowledged_by"), rs.getString("role"), rs.getString("note")));
                });
        return found;
    }
}
