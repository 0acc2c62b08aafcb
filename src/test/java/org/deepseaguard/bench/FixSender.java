package org.deepseaguard.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends a client thread's fixes to the hub, one unit at a time (an HTTP request, or an AMQP window
 * of messages followed by a wait for the publisher confirms). One per client thread.
 */
interface FixSender extends AutoCloseable {

    /**
     * Sends the fixes; calls {@link ProbeTracker#sent} for each probe just before it leaves.
     * {@code counted}: the outcome goes into {@link Counters} (false for the closing fixes).
     */
    void send(List<LoadFleet.Fix> fixes, boolean counted) throws InterruptedException;

    @Override
    void close();

    /** What all client threads sent. */
    final class Counters {
        /** Fixes the hub took: counted in 202 answers (http) or confirmed and not returned (amqp). */
        final LongAdder accepted = new LongAdder();
        /** Fixes refused: items the hub rejected, requests not answered 202, windows nacked or returned. */
        final LongAdder errors = new LongAdder();
        final LongAdder failedUnits = new LongAdder();
        /** The closing fixes (not counted above) the hub took: with {@link #accepted}, the run's total. */
        final LongAdder closingAccepted = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();

        void failed(int fixes, String why) {
            errors.add(fixes);
            failedUnits.increment();
            firstError.compareAndSet(null, why);
        }
    }

    /** {@code POST /api/v1/telemetry} with a JSON array; expects 202 {"accepted":N,"rejected":[...]}. */
    final class Http implements FixSender {
        private final HubHttp hub;
        private final ObjectMapper json;
        private final ProbeTracker probes;
        private final Counters counters;
        private final JsonFactory factory;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 * 1024);

        Http(HubHttp hub, ObjectMapper json, ProbeTracker probes, Counters counters) {
            this.hub = hub;
            this.json = json;
            this.probes = probes;
            this.counters = counters;
            this.factory = json.getFactory();
        }

        @Override
        public void send(List<LoadFleet.Fix> fixes, boolean counted) throws InterruptedException {
            if (fixes.isEmpty()) {
                return;
            }
            byte[] body;
            try {
                buffer.reset();
                try (JsonGenerator g = factory.createGenerator(buffer)) {
                    g.writeStartArray();
                    for (LoadFleet.Fix fix : fixes) {
                        fix.write(g);
                    }
                    g.writeEndArray();
                }
                body = buffer.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (LoadFleet.Fix fix : fixes) {
                if (fix.probe()) {
                    probes.sent(fix);
                }
            }
            try {
                HubHttp.Response r = hub.post("/telemetry", body);
                if (!counted) {
                    if (r.status() == 202) {
                        counters.closingAccepted.add(json.readTree(r.body()).path("accepted").asInt(0));
                    }
                    return;
                }
                if (r.status() != 202) {
                    counters.failed(fixes.size(), "POST /telemetry answered " + r.status() + ": "
                            + HubHttp.abbreviate(r.text()));
                    return;
                }
                JsonNode answer = json.readTree(r.body());
                int accepted = answer.path("accepted").asInt(0);
                int rejected = answer.path("rejected").size();
                counters.accepted.add(accepted);
                if (rejected > 0 || accepted != fixes.size()) {
                    counters.errors.add(fixes.size() - accepted);
                    counters.firstError.compareAndSet(null, "rejected: "
                            + HubHttp.abbreviate(answer.path("rejected").toString()));
                }
            } catch (IOException e) {
                if (counted) {
                    counters.failed(fixes.size(), "POST /telemetry failed: " + e);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Each fix a persistent message (content type application/json) to exchange
     * {@code auv_telemetry}, routing key {@code auv.telemetry.<auv_id>}, mandatory (an unroutable
     * fix comes back and is an error); {@code waitForConfirmsOrDie} after each unit.
     */
    final class Amqp implements FixSender {
        static final String EXCHANGE = "auv_telemetry";
        private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).build();

        private final Connection connection;
        private final JsonFactory factory;
        private final ProbeTracker probes;
        private final Counters counters;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private Channel channel;
        private final LongAdder returned = new LongAdder();

        Amqp(Connection connection, ObjectMapper json, ProbeTracker probes, Counters counters) throws IOException {
            this.connection = connection;
            this.factory = json.getFactory();
            this.probes = probes;
            this.counters = counters;
            this.channel = open();
        }

        private Channel open() throws IOException {
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            ch.addReturnListener(r -> returned.increment());
            return ch;
        }

        @Override
        public void send(List<LoadFleet.Fix> fixes, boolean counted) throws InterruptedException {
            if (fixes.isEmpty()) {
                return;
            }
            long returnedBefore = returned.sum();
            try {
                for (LoadFleet.Fix fix : fixes) {
                    buffer.reset();
                    try (JsonGenerator g = factory.createGenerator(buffer)) {
                        fix.write(g);
                    }
                    if (fix.probe()) {
                        probes.sent(fix);
                    }
                    channel.basicPublish(EXCHANGE, "auv.telemetry." + fix.auvId(), true, PROPERTIES, buffer.toByteArray());
                }
                channel.waitForConfirmsOrDie(30_000);
                if (counted) {
                    // basic.return arrives before the confirm, so the listener has counted this unit's returns
                    long back = returned.sum() - returnedBefore;
                    counters.accepted.add(fixes.size() - back);
                    if (back > 0) {
                        counters.errors.add(back);
                        counters.firstError.compareAndSet(null, back + " fixes returned unroutable by " + EXCHANGE);
                    }
                } else {
                    counters.closingAccepted.add(fixes.size() - (returned.sum() - returnedBefore));
                }
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                if (counted) {
                    counters.failed(fixes.size(), "AMQP publish failed: " + e);
                }
                try {
                    if (channel.isOpen()) {
                        channel.abort();
                    }
                    channel = open();
                } catch (IOException reopen) {
                    throw new IllegalStateException("cannot reopen an AMQP channel", reopen);
                }
            }
        }

        @Override
        public void close() {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (Exception ignored) {
                // the run is over
            }
        }
    }
}
