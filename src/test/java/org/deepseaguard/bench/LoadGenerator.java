package org.deepseaguard.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * End-to-end load generator for an already running hub (issue 7): sets up zones and rules over the
 * HTTP API, sends fixes of a synthetic fleet over HTTP or AMQP for a warm-up and a measured window,
 * and measures the throughput the client achieved, the hub's own count of judged fixes, and the
 * latency from a probe fix to its critical violation being visible (API or critical_alerts queue).
 * See docs/benchmarks.md, "End to end: the load generator". Run with
 * {@code ./mvnw -q -o -Ploadgen test-compile exec:exec -Dloadgen.args="--url=... --duration=60"}.
 */
public final class LoadGenerator {

    /** A probe whose violation is not seen within this long counts as lost. */
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LoadOptions o;
    private final ObjectMapper json = new ObjectMapper();
    /** The first hub of {@code --url}: set-up, violation polling. */
    private final HubHttp hub;
    /** Every hub of {@code --url}: client thread t sends to hub t mod n; {@code /status} is summed over them. */
    private final List<HubHttp> hubs;
    private final ProbeTracker probes = new ProbeTracker();
    private final FixSender.Counters counters = new FixSender.Counters();
    private final AtomicReference<String> workerFailure = new AtomicReference<>();
    private volatile boolean stop;

    private LoadGenerator(LoadOptions options) {
        this.o = options;
        List<HubHttp> all = new ArrayList<>();
        for (String url : options.urls()) {
            all.add(new HubHttp(url, options.apiKey(), json));
        }
        this.hubs = List.copyOf(all);
        this.hub = hubs.get(0);
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(LoadOptions.USAGE);
                return;
            }
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        int code = new LoadGenerator(options).run();
        System.exit(code);
    }

    private int run() throws Exception {
        MachineInfo machine = MachineInfo.read();
        Instant startedAt = Instant.now();
        progress("hub %s, channel %s, %d vehicles, %d threads, unit %d fixes, rate %s", hubNames(), o.channel(),
                o.vehicles(), o.threads(), o.unitSize(), o.rate() > 0 ? fmt(o.rate()) + "/s" : "max");

        // set-up: zones and rules over the public API
        for (int h = 0; h < hubs.size(); h++) {
            try {
                hubs.get(h).getJson("/status");
            } catch (IOException e) {
                System.err.println("loadgen: the hub does not answer GET " + o.urls().get(h) + "/api/v1/status: " + e);
                return 1;
            }
        }
        long t0 = System.nanoTime();
        List<byte[]> chunks = LoadWorld.zoneChunks(json, o.syntheticZones(), o.seed());
        int hubZones;
        int hubRules;
        try {
            for (byte[] chunk : chunks) {
                hub.postJson("/zones", chunk, 201);
            }
            hub.postJson("/rules", LoadWorld.rules(json), 201);
            JsonNode afterSetup = hub.getJson("/status");
            hubZones = afterSetup.path("zones").asInt(-1);
            hubRules = afterSetup.path("rules").asInt(-1);
        } catch (IOException e) {
            System.err.println("loadgen: set-up failed (does the API key have the admin role?): " + e.getMessage());
            return 1;
        }
        progress("set-up: %d zones (LOAD-CLOSED + %d synthetic) in %d requests and %d rules, %.1f s; "
                        + "the hub holds %d zones and %d rules", o.syntheticZones() + 1, o.syntheticZones(),
                chunks.size(), LoadWorld.RULES, seconds(System.nanoTime() - t0), hubZones, hubRules);

        Connection amqp = null;
        if (o.channel().equals("amqp")) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(o.amqpUri());
            amqp = factory.newConnection("deepseaguard-loadgen");
            try (Channel check = amqp.createChannel()) {
                check.exchangeDeclarePassive(FixSender.Amqp.EXCHANGE);
            } catch (IOException e) {
                System.err.println("loadgen: exchange " + FixSender.Amqp.EXCHANGE + " not found on " + o.amqpUri()
                        + " (is the hub running with profile stack?): " + e.getCause());
                amqp.abort();
                return 1;
            }
        }

        // latency watcher
        long runStartMs = System.currentTimeMillis();
        ViolationPoller poller = null;
        AlertListener listener = null;
        Thread pollThread = null;
        if (o.latency().equals("api")) {
            poller = new ViolationPoller(hub, probes, o.pollMs(), PROBE_TIMEOUT_NANOS);
            pollThread = new Thread(poller, "loadgen-poller");
            pollThread.setDaemon(true);
            pollThread.start();
        } else {
            listener = new AlertListener(amqp, json, probes, runStartMs);
        }

        // client threads
        long startNanos = System.nanoTime();
        long measureFrom = startNanos + TimeUnit.SECONDS.toNanos(o.warmup());
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(o.duration());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < o.threads(); t++) {
            int[] numbers = vehiclesOf(t);
            FixSender sender = o.channel().equals("http")
                    ? new FixSender.Http(hubs.get(t % hubs.size()), json, probes, counters)
                    : new FixSender.Amqp(amqp, json, probes, counters);
            LoadFleet fleet = new LoadFleet(numbers, o.seed() * 31 + t, o.breachShare(), runStartMs);
            Thread worker = new Thread(() -> work(fleet, sender, measureTo), "loadgen-" + t);
            workers.add(worker);
            worker.start();
        }

        // warm-up, then the measured window
        sleepUntil(measureFrom, startNanos, "warm-up");
        Snapshot from = snapshot();
        probes.measuring(true);
        sleepUntil(measureTo, measureFrom, "measuring");
        probes.measuring(false);
        Snapshot to = snapshot();
        stop = true;
        for (Thread w : workers) {
            w.join();
        }

        // drain: wait for the violations of the measured probes still outstanding
        long drainFrom = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(o.drain())).pollInterval(Duration.ofMillis(50)).until(() -> {
                probes.oldestPendingMs(PROBE_TIMEOUT_NANOS); // gives up (as lost) probes older than the timeout
                return probes.pendingMeasured() == 0;
            });
        } catch (ConditionTimeoutException e) {
            // reported: the probes still waiting count as not matched
        }
        double drained = seconds(System.nanoTime() - drainFrom);
        // the whole run's totals (stderr, as the progress: the report and its JSON line stay the window's)
        progress("run total: %d fixes accepted (warm-up, window and after it) + %d closing fixes, %d errors",
                counters.accepted.sum(), counters.closingAccepted.sum(), counters.errors.sum());
        Long judgedAfterDrain = judgedByAll();
        if (poller != null) {
            poller.stop();
            pollThread.interrupt();
        }
        if (listener != null) {
            listener.stop();
        }
        if (amqp != null) {
            amqp.close();
        }

        report(machine, startedAt, hubZones, hubRules, from, to, drained, judgedAfterDrain, poller, listener);
        return workerFailure.get() == null ? 0 : 1;
    }

    /** Vehicle numbers (1-based) of client thread t: t+1, t+1+threads, ... */
    private int[] vehiclesOf(int t) {
        int count = (o.vehicles() - t + o.threads() - 1) / o.threads();
        int[] numbers = new int[count];
        for (int k = 0; k < count; k++) {
            numbers[k] = t + 1 + k * o.threads();
        }
        return numbers;
    }

    private void work(LoadFleet fleet, FixSender sender, long measureTo) {
        int unit = o.unitSize();
        long interval = o.rate() > 0 ? (long) (unit * 1e9 / (o.rate() / o.threads())) : 0;
        long next = System.nanoTime();
        try (sender) {
            while (!stop && System.nanoTime() < measureTo) {
                if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else if (-wait > TimeUnit.SECONDS.toNanos(1)) {
                        next = System.nanoTime(); // more than a second behind: no burst to catch up
                    }
                    next += interval;
                }
                sender.send(fleet.next(unit, System.currentTimeMillis()), true);
            }
            sender.send(fleet.closing(System.currentTimeMillis()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            workerFailure.compareAndSet(null, Thread.currentThread().getName() + ": " + e);
            stop = true;
        }
    }

    private record Snapshot(long nanos, long accepted, long errors, Long judged, long judgedNanos, double load) {
    }

    private Snapshot snapshot() {
        long nanos = System.nanoTime();
        long accepted = counters.accepted.sum();
        long errors = counters.errors.sum();
        Long judged = null;
        try {
            judged = judgedByAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Snapshot(nanos, accepted, errors, judged, System.nanoTime(), MachineInfo.loadAverage());
    }

    /** Fixes all hubs of {@code --url} judged so far (their GET /status summed), or null if one will not say. */
    private Long judgedByAll() throws InterruptedException {
        long sum = 0;
        for (HubHttp h : hubs) {
            Long judged;
            try {
                judged = judged(h.get("/status"));
            } catch (IOException e) {
                judged = null; // reported as n/a
            }
            if (judged == null) {
                return null;
            }
            sum += judged;
        }
        return sum;
    }

    private String hubNames() {
        return String.join(",", o.urls());
    }

    /** Fixes the hub judged so far (all outcomes of GET /status "fixes"), or null if it will not say. */
    private Long judged(HubHttp.Response status) {
        if (status == null || status.status() != 200) {
            return null;
        }
        try {
            JsonNode fixes = json.readTree(status.body()).path("fixes");
            long sum = 0;
            for (JsonNode n : fixes) {
                sum += n.asLong();
            }
            return sum;
        } catch (IOException e) {
            return null;
        }
    }

    private void sleepUntil(long deadline, long phaseStart, String phase) throws InterruptedException {
        long nextProgress = phaseStart + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return;
            }
            if (now >= nextProgress) {
                progress("%s %.0f s: since the start %d fixes accepted, %d errors, probes %d sent / %d matched", phase,
                        seconds(now - phaseStart), counters.accepted.sum(), counters.errors.sum(), probes.sentTotal(),
                        probes.matchedTotal());
                nextProgress += TimeUnit.SECONDS.toNanos(5);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(deadline, nextProgress) - now);
        }
    }

    private void report(MachineInfo machine, Instant startedAt, int hubZones, int hubRules, Snapshot from,
                        Snapshot to, double drained, Long judgedAfterDrain, ViolationPoller poller,
                        AlertListener listener) {
        double secs = seconds(to.nanos - from.nanos);
        long fixes = to.accepted - from.accepted;
        long errors = to.errors - from.errors;
        double perSecond = fixes / secs;
        Double hubPerSecond = from.judged != null && to.judged != null
                ? (to.judged - from.judged) / seconds(to.judgedNanos - from.judgedNanos) : null;
        long[] lat = probes.latenciesSorted();
        long sent = probes.sentMeasured();
        Double p50 = lat.length == 0 ? null : ms(percentile(lat, 0.50));
        Double p99 = lat.length == 0 ? null : ms(percentile(lat, 0.99));
        Double max = lat.length == 0 ? null : ms(lat[lat.length - 1]);
        String source = o.latency().equals("api")
                ? "GET /violations every " + o.pollMs() + " ms" : "queue " + AlertListener.QUEUE;

        StringBuilder r = new StringBuilder("\nDeepSeaGuard load generator report\n");
        row(r, "hub", "%s, channel %s, %d vehicles", hubNames(), o.channel(), o.vehicles());
        row(r, "", "set up %d zones (LOAD-CLOSED + %d synthetic) and %d rules; the hub holds %d zones, %d rules",
                o.syntheticZones() + 1, o.syntheticZones(), LoadWorld.RULES, hubZones, hubRules);
        row(r, "load", "%d threads, %d fixes per %s, target %s, breach share %s, seed %d", o.threads(), o.unitSize(),
                o.channel().equals("http") ? "request" : "confirm window",
                o.rate() > 0 ? fmt(o.rate()) + " fixes/s" : "as fast as possible", fmt(o.breachShare()), o.seed());
        row(r, "window", "%d s warm-up, then %.2f s measured", o.warmup(), secs);
        row(r, "sent", "%d fixes accepted, %.1f fixes/s; %d errors (%d failed %s)", fixes, perSecond, errors,
                counters.failedUnits.sum(), o.channel().equals("http") ? "requests" : "windows");
        if (counters.firstError.get() != null) {
            row(r, "", "first error: %s", counters.firstError.get());
        }
        if (hubPerSecond == null) {
            row(r, "hub judged", "n/a (GET /status not readable)");
        } else {
            row(r, "hub judged", "%d fixes in the window, %.1f fixes/s (GET /status counters); %s more by %.1f s after it",
                    to.judged - from.judged, hubPerSecond,
                    judgedAfterDrain == null ? "?" : Long.toString(judgedAfterDrain - to.judged), drained);
        }
        row(r, "latency", "fix -> critical violation (%s): p50 %s ms, p99 %s ms, max %s ms", source, fmtMs(p50),
                fmtMs(p99), fmtMs(max));
        row(r, "", "%d of %d measured probes matched, %d given up after %d s, %d still waiting after %.1f s drain",
                lat.length, sent, probes.expiredMeasured(), TimeUnit.NANOSECONDS.toSeconds(PROBE_TIMEOUT_NANOS),
                probes.pendingMeasured(), drained);
        row(r, "", "%d probes in all (warm-up included), %d unexpected %s violations", probes.sentTotal(),
                probes.unexpected(), LoadWorld.CRITICAL_RULE);
        if (poller != null) {
            row(r, "", "%d polls, %d failed%s", poller.polls.get(), poller.errors.get(),
                    poller.firstError.get() == null ? "" : " (first: " + poller.firstError.get() + ")");
        }
        if (listener != null) {
            row(r, "", "%d alerts read, %d unreadable%s", listener.alerts.get(), listener.errors.get(),
                    listener.firstError.get() == null ? "" : " (first: " + listener.firstError.get() + ")");
        }
        row(r, "machine", "nproc %d, %s, %s, commit %s, load average %s -> %s", machine.nproc(), machine.cpu(),
                machine.java(), machine.commit(), fmt(from.load), fmt(to.load));
        if (workerFailure.get() != null) {
            row(r, "FAILED", "%s", workerFailure.get());
        }
        System.out.print(r);

        ObjectNode line = json.createObjectNode();
        line.put("channel", o.channel());
        line.put("vehicles", o.vehicles());
        line.put("zones", o.syntheticZones() + 1);
        line.put("hub_zones", hubZones);
        line.put("hub_rules", hubRules);
        line.put("fixes", fixes);
        line.put("seconds", round(secs, 3));
        line.put("fixes_per_s", round(perSecond, 1));
        line.put("errors", errors);
        ObjectNode latency = line.putObject("latency_ms");
        latency.put("p50", p50);
        latency.put("p99", p99);
        latency.put("max", max);
        latency.put("matched", lat.length);
        latency.put("probes", sent);
        latency.put("source", o.latency());
        line.put("hub_fixes_per_s", hubPerSecond == null ? null : round(hubPerSecond, 1));
        line.put("rate_target", o.rate());
        line.put("threads", o.threads());
        line.put("unit", o.unitSize());
        line.put("breach_share", o.breachShare());
        line.put("warmup", o.warmup());
        ObjectNode m = line.putObject("machine");
        m.put("nproc", machine.nproc());
        m.put("cpu", machine.cpu());
        m.put("java", machine.java());
        m.put("load_avg_start", from.load);
        m.put("load_avg_end", to.load);
        line.put("commit", machine.commit());
        line.put("started_at", startedAt.toString());
        System.out.println(line);
    }

    private static void row(StringBuilder r, String label, String format, Object... args) {
        r.append(String.format(Locale.ROOT, "  %-12s ", label)).append(String.format(Locale.ROOT, format, args))
                .append('\n');
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6, 1);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String fmtMs(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void progress(String format, Object... args) {
        System.err.println("[loadgen] " + String.format(Locale.ROOT, format, args));
    }
}
