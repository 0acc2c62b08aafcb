package org.deepseaguard.hub.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deepseaguard.core.engine.Evaluation;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.FixResult;
import org.springframework.stereotype.Component;

/**
 * Splits the results of a batch into the messages the router sends on: zone events ({@code zone_entry},
 * {@code zone_exit}), violation changes ({@code violation_opened}, {@code violation_closed}; open
 * episodes that merely continue are stored, not announced) and, for an applied fix,
 * {@code fix_applied}. As a {@link Processor} it turns one such item into a message: JSON body
 * and headers {@code auv_id}, {@code event_type}, {@code severity}; a violation change also keeps
 * its {@link Violation} in property {@link #VIOLATION} (the alert is built from it, not from the
 * JSON) and, when its alert is held back, {@link #ALERT_HELD}.
 */
@Component
public class ResultMessages implements Processor {

    public static final String ZONE_ENTRY = "zone_entry";
    public static final String ZONE_EXIT = "zone_exit";
    public static final String VIOLATION_OPENED = "violation_opened";
    public static final String VIOLATION_CLOSED = "violation_closed";

    /** The exchange property holding the {@link Violation} of a violation change (alerts are built from it). */
    public static final String VIOLATION = "deepseaguardViolation";
    /** The exchange property set (true) on a violation change whose alert is held back (flapping). */
    public static final String ALERT_HELD = "deepseaguardAlertHeld";

    /** One outbound item before it becomes a message; {@code alertHeld}: its alert is held back. */
    public record Item(String eventType, String auvId, String severity, Object payload, boolean alertHeld) {
    }

    private final ObjectMapper json;

    public ResultMessages(ObjectMapper json) {
        this.json = json;
    }

    /** The items of a whole batch, fix by fix in the order they were judged. */
    public List<Item> split(BatchResult batch) {
        List<Item> items = new ArrayList<>(batch.results().size() * 2);
        batch.results().forEach(result -> addItems(result, batch, items));
        return items;
    }

    private static void addItems(FixResult result, BatchResult batch, List<Item> items) {
        Evaluation ev = result.evaluation();
        ev.events().forEach(e -> items.add(new Item(e.type().wireName(), e.auvId(), null, e, false)));
        ev.opened().forEach(v -> items.add(violation(VIOLATION_OPENED, v, batch)));
        ev.closed().forEach(v -> items.add(violation(VIOLATION_CLOSED, v, batch)));
    }

    private static Item violation(String eventType, Violation v, BatchResult batch) {
        return new Item(eventType, v.auvId(), v.severity().wireName(), v, batch.alertHeld(v.violationId(), eventType));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Item item = exchange.getMessage().getMandatoryBody(Item.class);
        Message message = exchange.getMessage();
        // an output carries the contract's headers only, never those of the request it came from
        message.getHeaders().clear();
        message.setHeader(Headers.EVENT_TYPE, item.eventType());
        message.setHeader(Headers.AUV_ID, item.auvId());
        if (item.severity() != null) {
            message.setHeader(Headers.SEVERITY, item.severity());
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(item.payload()));
        if (item.payload() instanceof Violation v) {
            exchange.setProperty(VIOLATION, v);
            if (item.alertHeld()) {
                exchange.setProperty(ALERT_HELD, true);
            }
        }
    }
}
