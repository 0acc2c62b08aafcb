package org.deepseaguard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's options, {@code --key=value} each (docs/benchmarks.md, "End to end: the load
 * generator").
 */
record LoadOptions(
        /* the first hub of --url */
        String url,
        /* every hub of --url, in the order given */
        List<String> urls,
        String apiKey,
        String channel,
        int vehicles,
        double rate,
        int duration,
        int warmup,
        int batch,
        int threads,
        int syntheticZones,
        double breachShare,
        String amqpUri,
        long seed,
        String latency,
        int pollMs,
        int confirmWindow,
        int drain) {

    static final String USAGE = """
            DeepSeaGuard load generator: drives an already running hub through its public interfaces.
              --url=http://127.0.0.1:8080     the hub (setup, HTTP telemetry, violation polling, /status);
                                              several hubs comma-separated: client thread t sends to hub
                                              t mod n, setup and polling go to the first, /status is summed
              --api-key=KEY                   sent as X-API-Key (setup needs the admin role)
              --channel=http|amqp             how fixes are sent (default http)
              --vehicles=2000                 vehicles LOAD-000001.. (at most 999999)
              --rate=0                        target fixes/s over all threads (0 = as fast as possible)
              --duration=60                   measured seconds
              --warmup=10                     seconds before the measurement (not counted)
              --batch=1000                    fixes per HTTP request
              --threads=2                     client threads (each owns a share of the vehicles)
              --synthetic-zones=0             synthetic zones posted at setup (besides LOAD-CLOSED)
              --breach-share=0.001            share of fixes that are probes into LOAD-CLOSED
              --amqp-uri=amqp://guest:guest@127.0.0.1:5672
              --seed=42
              --latency=api|alerts            how violations are seen (default: api for http, alerts for amqp)
              --poll-ms=5                     interval of the violation polling (latency=api)
              --confirm-window=500            AMQP messages per publisher-confirm wait
              --drain=30                      seconds to wait after the run for outstanding probes
            """;

    private static final Set<String> KEYS = Set.of("url", "api-key", "channel", "vehicles", "rate", "duration",
            "warmup", "batch", "threads", "synthetic-zones", "breach-share", "amqp-uri", "seed", "latency", "poll-ms",
            "confirm-window", "drain");

    /** @throws IllegalArgumentException naming the bad option */
    static LoadOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("not --key=value: " + arg);
            }
            String key = arg.substring(2, eq);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            given.put(key, arg.substring(eq + 1));
        }
        String channel = given.getOrDefault("channel", "http");
        if (!channel.equals("http") && !channel.equals("amqp")) {
            throw new IllegalArgumentException("--channel must be http or amqp");
        }
        String latency = given.getOrDefault("latency", channel.equals("http") ? "api" : "alerts");
        if (!latency.equals("api") && !latency.equals("alerts")) {
            throw new IllegalArgumentException("--latency must be api or alerts");
        }
        if (latency.equals("alerts") && !channel.equals("amqp")) {
            throw new IllegalArgumentException("--latency=alerts needs --channel=amqp (the alerts are read from RabbitMQ)");
        }
        List<String> urls = new ArrayList<>();
        for (String u : given.getOrDefault("url", "http://127.0.0.1:8080").split(",")) {
            String url = u.strip();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            check(!url.isEmpty(), "--url must name at least one hub");
            urls.add(url);
        }
        String apiKey = given.get("api-key");
        LoadOptions o = new LoadOptions(urls.get(0), List.copyOf(urls),
                apiKey == null || apiKey.isBlank() ? null : apiKey, channel,
                integer(given, "vehicles", 2000), number(given, "rate", 0), integer(given, "duration", 60),
                integer(given, "warmup", 10), integer(given, "batch", 1000), integer(given, "threads", 2),
                integer(given, "synthetic-zones", 0), number(given, "breach-share", 0.001),
                given.getOrDefault("amqp-uri", "amqp://guest:guest@127.0.0.1:5672"),
                Long.parseLong(given.getOrDefault("seed", "42")), latency, integer(given, "poll-ms", 5),
                integer(given, "confirm-window", 500), integer(given, "drain", 30));
        check(o.vehicles >= 1 && o.vehicles <= 999_999, "--vehicles must be 1..999999");
        check(o.rate >= 0, "--rate must be >= 0");
        check(o.duration >= 1, "--duration must be >= 1");
        check(o.warmup >= 0, "--warmup must be >= 0");
        check(o.batch >= 1, "--batch must be >= 1");
        check(o.threads >= 1 && o.threads <= o.vehicles, "--threads must be 1..vehicles");
        check(o.threads >= o.urls.size(), "--threads must be at least the number of hubs in --url");
        check(o.syntheticZones >= 0, "--synthetic-zones must be >= 0");
        check(o.breachShare >= 0 && o.breachShare < 0.5, "--breach-share must be in [0, 0.5)");
        check(o.pollMs >= 1, "--poll-ms must be >= 1");
        check(o.confirmWindow >= 1, "--confirm-window must be >= 1");
        check(o.drain >= 0, "--drain must be >= 0");
        return o;
    }

    /**
     * Fixes per request (http) or per confirm window (amqp). Under a target rate a unit is at most a
     * tenth of a thread's second, so the load is spread over at least ten sends per second per
     * thread instead of coming in bursts.
     */
    int unitSize() {
        int unit = channel.equals("http") ? batch : confirmWindow;
        if (rate > 0) {
            unit = (int) Math.max(1, Math.min(unit, rate / threads / 10));
        }
        return unit;
    }

    private static int integer(Map<String, String> given, String key, int dflt) {
        try {
            return given.containsKey(key) ? Integer.parseInt(given.get(key)) : dflt;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer");
        }
    }

    private static double number(Map<String, String> given, String key, double dflt) {
        try {
            return given.containsKey(key) ? Double.parseDouble(given.get(key)) : dflt;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
