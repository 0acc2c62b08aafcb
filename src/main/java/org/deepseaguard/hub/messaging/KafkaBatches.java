package org.deepseaguard.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.deepseaguard.hub.deadletter.DeadLetterStamper;
import org.deepseaguard.hub.routes.PipelineRoutes;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.springframework.stereotype.Component;

/**
 * The batches of route {@code ingest-kafka}: camel-kafka's batching consumer hands over the records of
 * one poll (up to {@code deepseaguard.ingest.kafka.max-poll-records}) as one exchange; its fixes are
 * judged as few pipeline batches (one database transaction each) instead of one per record, and the
 * offsets are committed once the whole poll is done ({@link #process}), never before.
 *
 * <p>The records are taken in their order ({@link #segments}): consecutive plain records (JSON, one
 * fix or an array of fixes, each for the vehicle of the record's key) make one {@link Run}; any other
 * record (a configuration change's marker in cluster mode, a body that is not JSON or holds no
 * object, a fix for another vehicle than the key's) goes through route
 * {@code ingest-kafka-record} on its own, as before batching: marker applied, refusal parked with its
 * reason. A run's refused fixes are parked one by one with their reason ({@link #rejections}); a run
 * that fails as a whole is taken apart and each record goes through {@code ingest-kafka-record}, so one
 * poison record never holds the others back. Stateless and thread-safe.
 */
@Component
public class KafkaBatches implements Processor {

    /** One poll's records of a partition-ordered stretch that can be judged together, with their fixes. */
    public record Run(List<Message> records, List<JsonNode> fixes, List<Integer> recordOf) {
    }

    private final ObjectMapper json;
    private final Clock clock;

    public KafkaBatches(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Commits, when the poll's exchange completed, the offset after the last record of each
     * partition; a failed exchange commits nothing (redelivered by the route's error handler).
     */
    @Override
    public void process(Exchange exchange) {
        Map<Object, KafkaManualCommit> last = new LinkedHashMap<>();
        for (Object record : records(exchange)) {
            Message m = ((Exchange) record).getMessage();
            KafkaManualCommit commit = m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("not a Kafka record with manual commit allowed");
            }
            last.put(m.getHeader(KafkaConstants.PARTITION), commit);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange completed) {
                last.values().forEach(KafkaManualCommit::commit);
            }

            // stays with this exchange: a seda hand-off (analytics, InfluxDB) would otherwise take the
            // commit along to its own thread (KafkaConsumer is single-threaded) and commit too late
            @Override
            public boolean allowHandover() {
                return false;
            }
        });
    }

    /**
     * The poll's records in order, grouped: a {@link Run} of consecutive plain records, and any other
     * record on its own, as a message (its body and headers) for route {@code ingest-kafka-record}.
     */
    public List<Object> segments(Exchange exchange) {
        List<Object> segments = new ArrayList<>();
        Run run = null;
        for (Object record : records(exchange)) {
            Message m = ((Exchange) record).getMessage();
            List<JsonNode> fixes = plainFixes(m);
            if (fixes == null) {
                run = null;
                segments.add(copy(m, exchange));
                continue;
            }
            if (run == null) {
                run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                segments.add(run);
            }
            for (JsonNode fix : fixes) {
                run.fixes().add(fix);
                run.recordOf().add(run.records().size());
            }
            run.records().add(m);
        }
        return segments;
    }

    /** The record's fixes when it can join a run; null when it must go on its own. */
    private List<JsonNode> plainFixes(Message record) {
        if (record.getHeader(ClusterConfigMarkers.HEADER) != null) {
            return null;
        }
        JsonNode root;
        try {
            root = json.readTree(record.getBody(byte[].class));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<JsonNode> fixes = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(fixes::add);
        } else if (root != null) {
            fixes.add(root);
        }
        Object key = record.getHeader(KafkaConstants.KEY);
        for (JsonNode fix : fixes) {
            JsonNode auvId = fix.get("auv_id");
            if (!fix.isObject() || key != null && auvId != null && !(auvId.isTextual() && auvId.textValue().equals(key.toString()))) {
                return null;
            }
        }
        return fixes.isEmpty() ? null : fixes;
    }

    /** A run's fixes, as the pipeline takes a batch. */
    public List<JsonNode> fixes(Run run) {
        return run.fixes();
    }

    /** A message for each fix the pipeline refused: the fix, its record's headers, the reason stamped. */
    public List<Message> rejections(Run run, BatchResult result, Exchange exchange) {
        List<Message> parked = new ArrayList<>(result.rejected().size());
        for (TelemetryBatch.Rejected rejected : result.rejected()) {
            Message record = run.records().get(run.recordOf().get(rejected.index()));
            Message m = new DefaultMessage(exchange.getContext());
            m.setHeaders(new HashMap<>(record.getHeaders()));
            m.removeHeader(KafkaConstants.MANUAL_COMMIT);
            m.setBody(run.fixes().get(rejected.index()).toString());
            DeadLetterStamper.refused(m, rejected.errors(), PipelineRoutes.KAFKA_SOURCE, clock.instant());
            parked.add(m);
        }
        return parked;
    }

    /** A run's records, each to go on its own (the run failed as a whole). */
    public List<Message> records(Run run, Exchange exchange) {
        List<Message> records = new ArrayList<>(run.records().size());
        run.records().forEach(r -> records.add(copy(r, exchange)));
        return records;
    }

    private static Message copy(Message record, Exchange exchange) {
        Message m = new DefaultMessage(exchange.getContext());
        m.setHeaders(new HashMap<>(record.getHeaders()));
        m.setBody(record.getBody());
        return m;
    }

    private static List<?> records(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }
}
