package org.deepseaguard.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A Kafka broker for benchmarks on a machine without Kafka (scripts/benchmark-cluster.sh): one
 * KRaft node of spring-kafka-test's {@link EmbeddedKafkaKraftBroker} (as {@code ClusterIT} uses) on
 * a fixed loopback port ({@code --port}, default 19092), with topics {@code auv_telemetry} and {@code auv_analytics} of
 * {@code --partitions} partitions each. Its logs live in temporary directories removed when it
 * stops, so every start is an empty Kafka. Prints {@code kafka bootstrap 127.0.0.1:<port>} once it
 * is up and runs until killed (SIGTERM stops it cleanly). Not a test.
 *
 * <pre>
 * ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.main=org.deepseaguard.bench.KafkaBroker -Dloadgen.args="--port=19092 --partitions=4"
 * ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.main=org.deepseaguard.bench.KafkaBroker \
 *     -Dloadgen.args="offsets --bootstrap=127.0.0.1:19092 --group=deepseaguard-hub"
 * </pre>
 *
 * <p>The second form does not start a broker: it prints, as one JSON line, the records on
 * {@code auv_telemetry} (the sum of its partitions' end offsets) and the offsets the consumer group
 * committed on it, so a benchmark can check that every record was consumed and committed.
 */
public final class KafkaBroker {

    static final String TELEMETRY = "auv_telemetry";
    static final String ANALYTICS = "auv_analytics";

    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        // no logback configuration on the test classpath: logback's default is DEBUG to the console
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Map<String, String> options = new HashMap<>();
        boolean offsets = false;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            if (arg.equals("offsets")) {
                offsets = true;
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                System.err.println("kafka: not --key=value: " + arg);
                System.exit(2);
            }
        }
        if (offsets) {
            offsets(options.getOrDefault("bootstrap", "127.0.0.1:19092"), options.getOrDefault("group", "deepseaguard-hub"));
        } else {
            serve(Integer.parseInt(options.getOrDefault("port", "19092")),
                    Integer.parseInt(options.getOrDefault("partitions", "4")));
        }
    }

    private static void serve(int port, int partitions) throws InterruptedException {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, TELEMETRY, ANALYTICS);
        // kafkaPorts(...) is stored but not used by spring-kafka-test 3.3's KRaft broker; Kafka's test
        // kit only sets its own listeners (port 0) when none are given, so the fixed port goes here
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
        broker.afterPropertiesSet();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.destroy();
            stopped.countDown();
        }, "kafka-broker-stop"));
        System.out.println("kafka bootstrap 127.0.0.1:" + port + ", topics " + TELEMETRY + " and " + ANALYTICS
                + " with " + partitions + " partitions each");
        System.out.flush();
        stopped.await();
    }

    /** One JSON line: records on auv_telemetry, and what the group committed on it. */
    private static void offsets(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription topic = admin.describeTopics(List.of(TELEMETRY)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TELEMETRY);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topic.partitions().forEach(i -> latest.put(new TopicPartition(TELEMETRY, i.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long records = 0;
            long done = 0;
            StringBuilder perPartition = new StringBuilder();
            Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparingInt(TopicPartition::partition));
            partitions.addAll(ends.keySet());
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                long at = c == null ? 0 : c.offset();
                records += end;
                done += at;
                perPartition.append(perPartition.isEmpty() ? "" : ",").append("\"").append(tp.partition())
                        .append("\":[").append(end).append(',').append(at).append(']');
            }
            System.out.println("{\"topic\":\"" + TELEMETRY + "\",\"records\":" + records + ",\"committed\":" + done
                    + ",\"lag\":" + (records - done) + ",\"group\":\"" + group + "\",\"partitions\":{" + perPartition
                    + "}}");
        }
    }
}
