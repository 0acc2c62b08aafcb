package org.deepseaguard.hub.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.store.AcknowledgementRepository;
import org.deepseaguard.hub.store.DeliveryRepository;
import org.deepseaguard.hub.store.Page;
import org.deepseaguard.hub.store.ViolationRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Violation episodes as the API shows them (with their acknowledgement) and their acknowledgement.
 * Thread-safe.
 */
@Service
public class ViolationService {

    /** Audit kind of an acknowledgement. */
    public static final String VIOLATION_ACKNOWLEDGED = "violation_acknowledged";

    /** Most characters of an acknowledgement's note. */
    public static final int MAX_NOTE = 4000;

    /**
     * An episode and, when it has one, its acknowledgement; without one the JSON is the episode
     * exactly as the outputs carry it (no {@code acknowledgement} member).
     */
    public record AcknowledgedViolation(@JsonUnwrapped Violation violation,
                                        @JsonInclude(JsonInclude.Include.NON_NULL) Acknowledgement acknowledgement) {
    }

    private final ViolationRepository violations;
    private final AcknowledgementRepository acknowledgements;
    private final AuditLog audit;
    private final DeliveryRepository deliveries;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ViolationService(ViolationRepository violations, AcknowledgementRepository acknowledgements, AuditLog audit,
                            DeliveryRepository deliveries, TransactionTemplate tx, Clock clock) {
        this.violations = violations;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.deliveries = deliveries;
        this.tx = tx;
        this.clock = clock;
    }

    /** A page of episodes, each with its acknowledgement. */
    public Page<AcknowledgedViolation> find(ViolationRepository.Query query) {
        Page<Violation> page = violations.find(query);
        return new Page<>(withAcknowledgements(page.items()), page.total());
    }

    /** Each episode with its acknowledgement (one query for all). */
    public List<AcknowledgedViolation> withAcknowledgements(List<Violation> episodes) {
        Map<String, Acknowledgement> acks = acknowledgements.find(episodes.stream().map(Violation::violationId).toList());
        return episodes.stream().map(v -> new AcknowledgedViolation(v, acks.get(v.violationId()))).toList();
    }

    /**
     * Acknowledges an episode (open or closed) for {@code actor}, audited as
     * {@code violation_acknowledged} in the same transaction, which also cancels its escalations not
     * sent yet. Idempotent: the first acknowledgement
     * stands, a repeated one (by anyone, with any note) changes nothing, is not audited again, and
     * gets the first back.
     *
     * @return the episode with the acknowledgement that stands
     * @throws NotFoundException     when no episode has that id
     * @throws InvalidInputException when the note is longer than {@link #MAX_NOTE} characters
     */
    public AcknowledgedViolation acknowledge(String violationId, AuditActor actor, String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidInputException(List.of(new FieldError("note", "at most " + MAX_NOTE + " characters")));
        }
        return tx.execute(status -> {
            Violation violation = violations.find(violationId)
                    .orElseThrow(() -> new NotFoundException("violation", violationId));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Acknowledgement ack = new Acknowledgement(now, actor.name(), actor.role(), note);
            if (acknowledgements.insertIfAbsent(violationId, ack)) {
                audit.record(actor, VIOLATION_ACKNOWLEDGED, new AcknowledgedViolation(violation, ack));
                // the acknowledgement stops an escalation not sent yet (and the next ones: see AlertOutbox#escalate)
                deliveries.cancelEscalations(violationId, now);
            }
            return new AcknowledgedViolation(violation, acknowledgements.find(violationId).orElseThrow());
        });
    }
}
