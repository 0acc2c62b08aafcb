package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.DefaultMessage;
import org.deepseaguard.core.model.Vehicle;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.service.VehicleScope;
import org.deepseaguard.hub.service.VehicleService;
import org.springframework.stereotype.Component;

/**
 * Sender binding on AMQP (route {@code ingest-amqp-batch}): {@code deepseaguard.ingest.amqp.scopes.<user>}
 * binds a RabbitMQ user to vehicles ({@link VehicleScope}: {@code auv_id} globs, {@code operator:<name>}).
 * The publisher is the message's {@code user_id} property, which RabbitMQ checks against the user of
 * the publishing connection. A fix outside its publisher's scope is parked in the dead letters with
 * the reason "auv_id X is outside the scope of sender Y" and acknowledged, never judged. When any
 * scope is configured, a message without {@code user_id} is parked too (its sender is unknown);
 * users without a scope are unrestricted. With no scope configured nothing is checked. Messages
 * whose body is not a JSON object with a textual {@code auv_id} are left to the pipeline, which
 * parks them with their own reason. Thread-safe.
 */
@Component
public class AmqpSenderScopes {

    /** What {@link #partition} made of a batch: the deliveries to judge, the messages to park. */
    public record Partition(AmqpBatches.Batch inside, List<Message> outside) {
    }

    private final Map<String, VehicleScope> scopes;
    private final VehicleService vehicles;
    private final ObjectMapper json;
    private final Clock clock;

    public AmqpSenderScopes(IngestProperties ingest, VehicleService vehicles, ObjectMapper json, Clock clock) {
        Map<String, VehicleScope> parsed = new HashMap<>();
        ingest.amqp().scopes().forEach((user, scope) -> parsed.put(user, VehicleScope.parse(scope)));
        this.scopes = Map.copyOf(parsed);
        this.vehicles = vehicles;
        this.json = json;
        this.clock = clock;
    }

    public Partition partition(AmqpBatches.Batch batch, Exchange exchange) {
        if (scopes.isEmpty()) {
            return new Partition(batch, List.of());
        }
        List<AmqpBatches.Delivery> inside = new ArrayList<>(batch.deliveries().size());
        List<Message> outside = new ArrayList<>();
        for (AmqpBatches.Delivery d : batch.deliveries()) {
            String reason = refusal(d);
            if (reason == null) {
                inside.add(d);
            } else {
                Message m = new DefaultMessage(exchange.getContext());
                m.setBody(d.body());
                m.setHeaders(new HashMap<>(d.headers()));
                m.setHeader(DeadLetterHeaders.REASON, reason);
                m.setHeader(DeadLetterHeaders.EXCEPTION_CLASS, SecurityException.class.getName());
                m.setHeader(DeadLetterHeaders.ROUTE_ID, "ingest-amqp-batch");
                m.setHeader(DeadLetterHeaders.SOURCE, "amqp");
                m.setHeader(DeadLetterHeaders.FAILED_AT, clock.instant().toString());
                outside.add(m);
            }
        }
        return new Partition(new AmqpBatches.Batch(inside), outside);
    }

    public AmqpBatches.Batch inside(Partition partition) {
        return partition.inside();
    }

    public List<Message> outside(Partition partition) {
        return partition.outside();
    }

    public boolean hasDeliveries(AmqpBatches.Batch batch) {
        return !batch.deliveries().isEmpty();
    }

    /** Why the delivery is refused, or null when it may go on. */
    private String refusal(AmqpBatches.Delivery d) {
        String auvId = auvId(d.body());
        if (auvId == null) {
            return null;
        }
        Object userId = d.headers().get(SpringRabbitMQConstants.USER_ID);
        if (userId == null || userId.toString().isBlank()) {
            return "auv_id " + auvId + " comes from an unknown sender: the message carries no user_id "
                    + "(required when deepseaguard.ingest.amqp.scopes is set)";
        }
        VehicleScope scope = scopes.get(userId.toString());
        if (scope == null || scope.covers(auvId, this::operatorOf)) {
            return null;
        }
        return "auv_id " + auvId + " is outside the scope of sender " + userId;
    }

    private Optional<String> operatorOf(String auvId) {
        return vehicles.find(auvId).map(Vehicle::operator);
    }

    private String auvId(Object body) {
        try {
            JsonNode node;
            if (body instanceof byte[] b) {
                node = json.readTree(b);
            } else if (body instanceof String s) {
                node = json.readTree(s.getBytes(StandardCharsets.UTF_8));
            } else {
                return null;
            }
            return node != null && node.path("auv_id").isTextual() ? node.get("auv_id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
