package org.deepseaguard.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.DefaultExchange;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.hub.deadletter.DeadLetterHeaders;
import org.deepseaguard.hub.service.BatchResult;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.junit.jupiter.api.Test;

/** How one poll's records become pipeline batches and commits; the route runs in BrokerIngestIT and ClusterIT. */
class KafkaBatchesTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final KafkaBatches batches = new KafkaBatches(new ObjectMapper(),
            Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
    private final List<String> committed = new ArrayList<>();

    private static String fix(String auvId, int second) {
        return "{\"auv_id\":\"%s\",\"timestamp\":\"2026-11-30T10:00:%02dZ\",\"latitude\":1,\"longitude\":2,\"depth\":3}"
                .formatted(auvId, second);
    }

    private Exchange record(int partition, long offset, String key, String body) {
        Exchange record = new DefaultExchange(camel);
        record.getMessage().setHeader(KafkaConstants.KEY, key);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT,
                (org.apache.camel.component.kafka.consumer.KafkaManualCommit) () -> committed.add(partition + "@" + offset));
        record.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Exchange poll(Exchange... records) {
        Exchange poll = new DefaultExchange(camel);
        poll.getMessage().setBody(List.of(records));
        return poll;
    }

    @Test
    void plainRecordsMakeRunsAndEveryOtherRecordGoesOnItsOwnInOrder() {
        Exchange marker = record(0, 3, "AUV-1", "{\"kind\":\"vehicle\",\"id\":\"AUV-1\"}");
        marker.getMessage().setHeader(ClusterConfigMarkers.HEADER, "vehicle");
        Exchange poll = poll(
                record(0, 1, "AUV-1", fix("AUV-1", 1)),
                record(1, 7, "AUV-2", "[" + fix("AUV-2", 1) + "," + fix("AUV-2", 2) + "]"),
                marker,
                record(0, 4, "AUV-1", fix("AUV-1", 2)),
                record(0, 5, "AUV-1", "{\"auv_id\":\"AUV-1\",\u0000}"),
                record(1, 8, "AUV-2", fix("AUV-9", 3)),
                record(1, 9, null, fix("AUV-3", 4)));

        List<Object> segments = batches.segments(poll);

        assertThat(segments).hasSize(6);
        KafkaBatches.Run first = (KafkaBatches.Run) segments.get(0);
        assertThat(first.records()).hasSize(2);
        assertThat(first.fixes()).extracting(f -> f.get("auv_id").asText() + "@" + f.get("timestamp").asText())
                .containsExactly("AUV-1@2026-11-30T10:00:01Z", "AUV-2@2026-11-30T10:00:01Z", "AUV-2@2026-11-30T10:00:02Z");
        assertThat(first.recordOf()).containsExactly(0, 1, 1);
        assertThat(((Message) segments.get(1)).getHeader(ClusterConfigMarkers.HEADER)).as("the marker, on its own").isEqualTo("vehicle");
        assertThat(((KafkaBatches.Run) segments.get(2)).records()).hasSize(1);
        assertThat(((Message) segments.get(3)).getHeader(KafkaConstants.OFFSET)).as("not JSON: on its own").isEqualTo(5L);
        assertThat(((Message) segments.get(4)).getHeader(KafkaConstants.OFFSET)).as("another vehicle than the key's").isEqualTo(8L);
        assertThat(((KafkaBatches.Run) segments.get(5)).fixes()).as("no key: nothing to bind").hasSize(1);
    }

    @Test
    void aRefusedFixIsParkedAloneWithItsRecordsHeadersAndTheReason() {
        Exchange poll = poll(record(0, 1, "AUV-1", fix("AUV-1", 1)),
                record(0, 2, "AUV-1", "[" + fix("AUV-1", 2) + ",{\"auv_id\":\"AUV-1\",\"timestamp\":\"2026-11-30T10:00:03Z\"}]"));
        KafkaBatches.Run run = (KafkaBatches.Run) batches.segments(poll).get(0);
        BatchResult result = new BatchResult(List.of(), 3, 2, 0, 0,
                List.of(new TelemetryBatch.Rejected(2, List.of(new FieldError("latitude", "is required")))));

        List<Message> parked = batches.rejections(run, result, poll);

        assertThat(parked).hasSize(1);
        Message m = parked.get(0);
        assertThat(m.getBody(String.class)).isEqualTo("{\"auv_id\":\"AUV-1\",\"timestamp\":\"2026-11-30T10:00:03Z\"}");
        assertThat(m.getHeader(KafkaConstants.OFFSET)).isEqualTo(2L);
        assertThat(m.getHeader(KafkaConstants.MANUAL_COMMIT)).isNull();
        assertThat(m.getHeader(DeadLetterHeaders.REASON, String.class)).contains("latitude").contains("is required");
        assertThat(m.getHeader(DeadLetterHeaders.SOURCE)).isEqualTo("kafka");
        assertThat(m.getHeader(DeadLetterHeaders.FAILED_AT)).isEqualTo("2026-11-30T12:00:00Z");
    }

    @Test
    void theLastRecordOfEachPartitionIsCommittedOnlyWhenThePollCompleted() {
        Exchange done = poll(record(0, 1, "A", fix("A", 1)), record(1, 7, "B", fix("B", 1)), record(0, 2, "A", fix("A", 2)));
        UnitOfWork work = new DefaultUnitOfWork(done);
        done.getExchangeExtension().setUnitOfWork(work);
        batches.process(done);
        assertThat(committed).as("nothing before the poll is done").isEmpty();
        work.done(done);
        assertThat(committed).containsExactlyInAnyOrder("0@2", "1@7");

        committed.clear();
        Exchange failed = poll(record(0, 3, "A", fix("A", 3)));
        UnitOfWork failedWork = new DefaultUnitOfWork(failed);
        failed.getExchangeExtension().setUnitOfWork(failedWork);
        batches.process(failed);
        failed.setException(new IllegalStateException("nothing could record it"));
        failedWork.done(failed);
        assertThat(committed).as("a failed poll commits nothing").isEmpty();
    }
}
