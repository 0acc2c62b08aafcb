package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deepseaguard.hub.config.ClusterProperties;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.deadletter.DeadLetterProperties;
import org.deepseaguard.hub.messaging.AmqpProperties;
import org.deepseaguard.hub.messaging.AnalyticsProperties;
import org.deepseaguard.hub.messaging.IngestProperties;
import org.deepseaguard.hub.store.RedisStateProperties;
import org.deepseaguard.hub.timeseries.InfluxProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml (docs/operations.md) against profile {@code stack}: every service the profile
 * needs is there with a pinned image, a healthcheck and (stores) a named volume at its data folder;
 * the hub is built, healthy on {@code /actuator/health}, mounts {@code ./routes}, publishes no fixed
 * port and sits behind nginx; what the hub is told (hosts, ports, credentials, database names; read
 * through Spring's own binding of the environment over application-stack.yml and application.yml)
 * is what the services are configured with; queue, topic and exchange names are the profile's; Kafka
 * advertises a listener the host can reach.
 *
 * <p>No Docker here: the file is parsed, with Compose's {@code ${VAR:-default}} interpolation done
 * twice, once as on a fresh checkout (no variable set: the defaults) and once with every variable set
 * (so two settings that must agree also agree when an operator overrides them). {@link #checks} gives
 * the problems as sentences; the parameterized test breaks the file in each way a check names and
 * expects that check to report it.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path NGINX_CONF = Path.of("docker/nginx.conf");
    private static final Path MOSQUITTO_CONF = Path.of("docker/mosquitto.conf");
    private static final Path DOCKERFILE = Path.of("Dockerfile");

    /** The stores: image repository and, where the image fixes it, the folder their data is kept in. */
    private static final Map<String, String> STORES = orderedMap(
            "postgres", "/var/lib/postgresql/data",
            "redis", "/data",
            "rabbitmq", "/var/lib/rabbitmq",
            "apache/kafka", null,          // KAFKA_LOG_DIRS (the image's default is under /tmp)
            "influxdb", "/var/lib/influxdb",
            "eclipse-mosquitto", null);    // persistence_location of docker/mosquitto.conf
    private static final String SMTP_IMAGE = "axllent/mailpit";
    private static final String PROXY_IMAGE = "nginx";
    private static final Pattern LOOPBACK = Pattern.compile("(^|//)(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1])(:\\d+)?(/|$)");
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** What Compose substitutes for {@code ${VAR}}: nothing set (the defaults), or every variable set. */
    enum Variables {
        UNSET, ALL_SET;

        String value(String name) {
            return this == UNSET ? null : "set-by-operator-" + name;
        }
    }

    /** The files the checks read; a test breaks one of them in a fresh copy. */
    record StackFiles(Map<String, Object> compose, String nginxConf, String mosquittoConf, String dockerfile) {

        static StackFiles read() {
            return new StackFiles(new Yaml().load(text(COMPOSE)), text(NGINX_CONF), text(MOSQUITTO_CONF), text(DOCKERFILE));
        }

        static StackFiles withCompose(Consumer<Map<String, Object>> change) {
            StackFiles copy = read();
            change.accept(copy.compose);
            return copy;
        }

        StackFiles withNginxConf(UnaryOperator<String> change) {
            return new StackFiles(compose, change.apply(nginxConf), mosquittoConf, dockerfile);
        }
    }

    @Test
    void theComposeFileMatchesTheStackProfile() {
        assertThat(checks(StackFiles.read())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void everyCheckCatchesTheDefectItNames(String defect, StackFiles broken, String reported) {
        assertThat(checks(broken)).as(defect).anySatisfy(problem -> assertThat(problem).contains(reported));
    }

    static Stream<Arguments> defects() {
        StackFiles files = StackFiles.read();
        return Stream.of(
                defect("no Kafka service", StackFiles.withCompose(c -> services(c).remove("kafka")),
                        "no service runs image apache/kafka"),
                defect("no proxy", StackFiles.withCompose(c -> services(c).remove("nginx")),
                        "no service runs image nginx"),
                defect("an image on latest", StackFiles.withCompose(c -> service(c, "smtp").put("image", "axllent/mailpit:latest")),
                        "smtp: image axllent/mailpit:latest is not pinned"),
                defect("an image without a tag", StackFiles.withCompose(c -> service(c, "redis").put("image", "redis")),
                        "redis: image redis is not pinned"),
                defect("a moving major tag", StackFiles.withCompose(c -> service(c, "postgres").put("image", "postgres:15")),
                        "postgres: image postgres:15 is not pinned"),
                defect("a store without a volume", StackFiles.withCompose(c -> service(c, "postgres").remove("volumes")),
                        "postgres: no named volume at /var/lib/postgresql/data"),
                defect("a store on a bind mount", StackFiles.withCompose(c -> service(c, "influxdb")
                                .put("volumes", new ArrayList<>(List.of("./influx:/var/lib/influxdb")))),
                        "influxdb: no named volume at /var/lib/influxdb"),
                defect("a volume not declared", StackFiles.withCompose(c -> topVolumes(c).remove("redis-data")),
                        "redis: no named volume at /data"),
                defect("Kafka's log folder left in /tmp", StackFiles.withCompose(c -> env(c, "kafka").remove("KAFKA_LOG_DIRS")),
                        "kafka: KAFKA_LOG_DIRS is not set"),
                defect("replicas that cannot be put in cluster mode", StackFiles.withCompose(c -> env(c, "hub").remove("DEEPSEAGUARD_CLUSTER_ENABLED")),
                        "hub: DEEPSEAGUARD_CLUSTER_ENABLED does not switch cluster mode"),
                defect("RabbitMQ's node name left to the container id", StackFiles.withCompose(c -> service(c, "rabbitmq").remove("hostname")),
                        "rabbitmq: no fixed hostname"),
                defect("a service without a healthcheck", StackFiles.withCompose(c -> service(c, "influxdb").remove("healthcheck")),
                        "influxdb: no healthcheck"),
                defect("the hub's healthcheck elsewhere", StackFiles.withCompose(c -> service(c, "hub").put("healthcheck",
                                new LinkedHashMap<>(Map.of("test", List.of("CMD", "curl", "-f", "http://127.0.0.1:8080/"))))),
                        "hub: the healthcheck does not ask http://127.0.0.1:8080/actuator/health"),
                defect("routes not mounted", StackFiles.withCompose(c -> service(c, "hub").remove("volumes")),
                        "hub: ./routes is not mounted at /var/lib/deepseaguard/routes"),
                defect("the hub on a fixed host port", StackFiles.withCompose(c -> service(c, "hub").put("ports", List.of("8080:8080"))),
                        "hub: publishes host port 8080"),
                defect("the hub with a container name", StackFiles.withCompose(c -> service(c, "hub").put("container_name", "hub")),
                        "hub: container_name"),
                defect("the proxy not on the documented port", StackFiles.withCompose(c -> service(c, "nginx").put("ports", List.of("80:80"))),
                        "nginx: does not publish host port 8080"),
                defect("the proxy resolving the hub once", files.withNginxConf(conf -> conf.replace(" resolve;", ";")),
                        "server hub:8080 resolve"),
                defect("the proxy's body limit below the hub's", files.withNginxConf(conf -> conf.replace("16m;", "1m;")),
                        "client_max_body_size 1m is below deepseaguard.http.max-body-bytes 16MB"),
                defect("a hub not started after the stores are healthy", StackFiles.withCompose(c -> depends(c).put("kafka",
                                new LinkedHashMap<>(Map.of("condition", "service_started")))),
                        "hub: does not wait for kafka to be healthy"),
                defect("another database password", StackFiles.withCompose(c -> env(c, "postgres").put("POSTGRES_PASSWORD", "other")),
                        "spring.datasource.password"),
                defect("the same password today, another variable tomorrow",
                        StackFiles.withCompose(c -> env(c, "postgres").put("POSTGRES_PASSWORD", "deepseaguard")),
                        "spring.datasource.password is set-by-operator-DEEPSEAGUARD_DB_PASSWORD, postgres has deepseaguard"),
                defect("another database", StackFiles.withCompose(c -> env(c, "postgres").put("POSTGRES_DB", "other")),
                        "spring.datasource.url names database deepseaguard, postgres creates other"),
                defect("another database user", StackFiles.withCompose(c -> env(c, "hub").put("DEEPSEAGUARD_DB_USER", "postgres")),
                        "spring.datasource.username"),
                defect("another RabbitMQ user", StackFiles.withCompose(c -> env(c, "rabbitmq").put("RABBITMQ_DEFAULT_USER", "guest")),
                        "spring.rabbitmq.username"),
                defect("another InfluxDB database", StackFiles.withCompose(c -> env(c, "influxdb").put("INFLUXDB_DB", "fleet")),
                        "deepseaguard.influxdb.database is deepseaguard, influxdb has fleet"),
                defect("a host the hub cannot reach", StackFiles.withCompose(c -> env(c, "hub").put("SPRING_DATA_REDIS_HOST", "cache")),
                        "spring.data.redis.host: no service cache"),
                defect("a port the service does not listen on", StackFiles.withCompose(c -> env(c, "hub").put("SPRING_MAIL_PORT", 25)),
                        "spring.mail.port: smtp does not listen on 25"),
                defect("a setting left on loopback", StackFiles.withCompose(c -> env(c, "hub").remove("SPRING_MAIL_HOST")),
                        "spring.mail.host is 127.0.0.1"),
                defect("the InfluxDB address left on loopback", StackFiles.withCompose(c -> env(c, "hub").remove("DEEPSEAGUARD_INFLUXDB_URL")),
                        "deepseaguard.influxdb.url is http://127.0.0.1:8086"),
                defect("no alert secret key", StackFiles.withCompose(c -> env(c, "hub").remove("DEEPSEAGUARD_ALERTS_SECRET_KEY")),
                        "deepseaguard.alerts.secret-key"),
                defect("no API key", StackFiles.withCompose(c -> env(c, "hub").remove("DEEPSEAGUARD_SECURITY_API_KEYS_0")),
                        "deepseaguard.security.api-keys"),
                defect("not profile stack", StackFiles.withCompose(c -> env(c, "hub").put("SPRING_PROFILES_ACTIVE", "default")),
                        "hub: SPRING_PROFILES_ACTIVE is not stack"),
                defect("a queue renamed in the hub's environment", StackFiles.withCompose(c -> env(c, "hub")
                                .put("DEEPSEAGUARD_AMQP_TELEMETRY_QUEUE", "telemetry")),
                        "deepseaguard.amqp"),
                defect("a topic renamed in the hub's environment", StackFiles.withCompose(c -> env(c, "hub")
                                .put("DEEPSEAGUARD_INGEST_KAFKA_TOPIC", "fixes")),
                        "deepseaguard.ingest"),
                defect("an output pointed elsewhere", StackFiles.withCompose(c -> env(c, "hub")
                                .put("DEEPSEAGUARD_OUTPUTS_CRITICAL_ALERTS", "spring-rabbitmq:default?routingKey=alerts")),
                        "deepseaguard.outputs"),
                defect("Kafka topics neither created nor auto-created", StackFiles.withCompose(c -> env(c, "kafka")
                                .put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")),
                        "kafka: creates no topics and auto-creation is off"),
                defect("Kafka advertised to containers only (the old file)", StackFiles.withCompose(c -> {
                    env(c, "kafka").put("KAFKA_LISTENERS", "INTERNAL://:9092,CONTROLLER://:9093");
                    env(c, "kafka").put("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:9092");
                    service(c, "kafka").put("ports", List.of("9092:9092"));
                }), "kafka: no advertised listener the host can reach"),
                defect("Kafka's host listener advertised on another port", StackFiles.withCompose(c -> service(c, "kafka")
                                .put("ports", List.of("127.0.0.1:9094:9094"))),
                        "kafka: no advertised listener the host can reach"),
                defect("the hub given a listener Kafka does not advertise", StackFiles.withCompose(c -> env(c, "hub")
                                .put("CAMEL_COMPONENT_KAFKA_BROKERS", "kafka:9094")),
                        "camel.component.kafka.brokers: kafka:9094 is not an advertised listener of kafka"));
    }

    // ---- the checks ---------------------------------------------------------------------------------

    /** Every problem of the files, one sentence each; empty when the stack is consistent. */
    static List<String> checks(StackFiles files) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> services = services(files.compose);
        Map<String, String> byImage = new LinkedHashMap<>();
        for (String image : Stream.concat(STORES.keySet().stream(), Stream.of(SMTP_IMAGE, PROXY_IMAGE)).toList()) {
            Optional<String> name = services.entrySet().stream()
                    .filter(s -> image.equals(repository(string(s.getValue().get("image")))))
                    .map(Map.Entry::getKey).findFirst();
            name.ifPresentOrElse(n -> byImage.put(image, n), () -> problems.add("no service runs image " + image));
        }
        List<String> hubs = services.entrySet().stream().filter(s -> s.getValue().containsKey("build")).map(Map.Entry::getKey).toList();
        if (hubs.size() != 1) {
            problems.add("expected one service built from the Dockerfile (the hub), found " + hubs);
            return problems;
        }
        String hub = hubs.get(0);

        services.forEach((name, service) -> {
            pinned(name, service, problems);
            healthcheck(name, service, problems);
        });
        byImage.forEach((image, name) -> {
            if (STORES.containsKey(image)) {
                namedVolume(files, name, storeFolder(files, image, services.get(name), problems), problems);
            }
        });
        Optional.ofNullable(byImage.get("rabbitmq")).filter(r -> services.get(r).get("hostname") == null)
                .ifPresent(r -> problems.add(r + ": no fixed hostname (RabbitMQ keeps its data under rabbit@<hostname>)"));

        Map<String, String> hubEnv = environment(services.get(hub), Variables.UNSET);
        Config config = new Config(hubEnv);
        hub(files, hub, services, byImage, config, problems);
        proxy(files, byImage.get(PROXY_IMAGE), services, hub, config, problems);
        connections(services, byImage, config, problems);
        credentials(services, byImage, hub, problems);
        names(config, byImage.get("apache/kafka"), services, problems);
        kafkaHostListener(byImage.get("apache/kafka"), services, problems);
        return problems;
    }

    private static void pinned(String name, Map<String, Object> service, List<String> problems) {
        String image = string(service.get("image"));
        if (image == null) {
            return; // built here (the hub)
        }
        String tag = image.contains("@sha256:") ? "digest" : tag(image);
        if (tag == null || tag.equals("latest") || !(tag.equals("digest") || tag.matches("v?\\d+\\.\\d+.*"))) {
            problems.add(name + ": image " + image + " is not pinned (a major.minor tag or a digest)");
        }
    }

    private static void healthcheck(String name, Map<String, Object> service, List<String> problems) {
        Object check = service.get("healthcheck");
        if (!(check instanceof Map<?, ?> map) || Boolean.TRUE.equals(map.get("disable")) || map.get("test") == null
                || List.of("NONE").equals(map.get("test"))) {
            problems.add(name + ": no healthcheck");
        }
    }

    /** The folder a store keeps its data in (fixed by its image or read from its configuration). */
    private static String storeFolder(StackFiles files, String image, Map<String, Object> service, List<String> problems) {
        if (image.equals("apache/kafka")) {
            String logDirs = environment(service, Variables.UNSET).get("KAFKA_LOG_DIRS");
            if (logDirs == null) {
                problems.add("kafka: KAFKA_LOG_DIRS is not set (the image keeps its log in /tmp/kraft-combined-logs)");
            }
            return logDirs;
        }
        if (image.equals("eclipse-mosquitto")) {
            return directive(files.mosquittoConf, "persistence_location").map(d -> d.replaceAll("/$", ""))
                    .orElseGet(() -> {
                        problems.add("mosquitto: docker/mosquitto.conf sets no persistence_location");
                        return null;
                    });
        }
        return STORES.get(image);
    }

    private static void namedVolume(StackFiles files, String name, String folder, List<String> problems) {
        if (folder == null) {
            return;
        }
        Map<String, Object> declared = topVolumes(files.compose);
        boolean found = mounts(services(files.compose).get(name)).stream().anyMatch(m ->
                declared.containsKey(m.source) && m.target.replaceAll("/$", "").equals(folder));
        if (!found) {
            problems.add(name + ": no named volume at " + folder);
        }
    }

    private static void hub(StackFiles files, String hub, Map<String, Map<String, Object>> services, Map<String, String> byImage,
                            Config config, List<String> problems) {
        Map<String, Object> service = services.get(hub);
        Map<String, String> env = environment(service, Variables.UNSET);
        if (!List.of(env.getOrDefault("SPRING_PROFILES_ACTIVE", "").split(",")).contains("stack")) {
            problems.add(hub + ": SPRING_PROFILES_ACTIVE is not stack");
        }
        int port = config.integer("server.port");
        String health = "http://127.0.0.1:" + port + "/actuator/health";
        Object test = service.get("healthcheck") instanceof Map<?, ?> check ? check.get("test") : null;
        if (test == null || !String.valueOf(test).contains(health)) {
            problems.add(hub + ": the healthcheck does not ask " + health);
        }
        String workdir = lastDirective(files.dockerfile, "WORKDIR");
        // the folder the hub loads (and reloads) integrator routes from (deepseaguard.routes-dir:
        // IntegratorRoutes), relative to the image's WORKDIR
        String routesDir = config.string("deepseaguard.routes-dir");
        String routes = Path.of(workdir).resolve(routesDir).normalize().toString();
        if (mounts(service).stream().noneMatch(m -> m.source.equals("./routes") && m.target.equals(routes))) {
            problems.add(hub + ": ./routes is not mounted at " + routes + " (deepseaguard.routes-dir under the WORKDIR " + workdir + ")");
        }
        for (Object mapping : list(service.get("ports"))) {
            Port published = Port.parse(interpolate(String.valueOf(mapping), Variables.UNSET));
            if (published.host != null) {
                problems.add(hub + ": publishes host port " + published.host + " (two replicas cannot; nginx publishes the API)");
            }
        }
        if (service.containsKey("container_name")) {
            problems.add(hub + ": container_name is set (replicas need names of their own)");
        }
        Map<String, Object> dependsOn = map(service.get("depends_on"));
        byImage.forEach((image, name) -> {
            if (!image.equals(PROXY_IMAGE) && !"service_healthy".equals(map(dependsOn.get(name)).get("condition"))) {
                problems.add(hub + ": does not wait for " + name + " to be healthy");
            }
        });
        secrets(config.get(DeepSeaGuardProperties.class, "deepseaguard"), hub, problems);
        // --scale hub=2 needs every replica in cluster mode: the operator's variable must reach the hub
        Map<String, String> scaled = new HashMap<>(environment(service, Variables.ALL_SET));
        if (!Variables.ALL_SET.value("DEEPSEAGUARD_CLUSTER_ENABLED").equals(scaled.get("DEEPSEAGUARD_CLUSTER_ENABLED"))) {
            problems.add(hub + ": DEEPSEAGUARD_CLUSTER_ENABLED does not switch cluster mode (needed for --scale)");
        } else {
            scaled.put("DEEPSEAGUARD_CLUSTER_ENABLED", "true");
            if (!new Config(scaled).get(ClusterProperties.class, "deepseaguard.cluster").enabled()) {
                problems.add(hub + ": DEEPSEAGUARD_CLUSTER_ENABLED=true does not switch cluster mode (needed for --scale)");
            }
        }
    }

    /** The stack profile's secrets: required, and well formed. */
    private static void secrets(DeepSeaGuardProperties properties, String hub, List<String> problems) {
        List<String> keys = properties.security().apiKeys();
        if (keys.isEmpty() || !keys.stream().allMatch(k -> k.matches("[0-9a-f]{64}:(ingest|operator|auditor|admin)(:.+)?"))) {
            problems.add(hub + ": deepseaguard.security.api-keys must hold <sha256 hex>:<role> entries (required in stack), got " + keys);
        }
        String secret = properties.alerts().secretKey();
        if (secret == null || decodedLength(secret) != 32) {
            problems.add(hub + ": deepseaguard.alerts.secret-key must be base64 of 32 bytes (required in stack), got " + secret);
        }
    }

    private static int decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static void proxy(StackFiles files, String proxy, Map<String, Map<String, Object>> services, String hub, Config config,
                              List<String> problems) {
        if (proxy == null) {
            return;
        }
        int port = config.integer("server.port");
        boolean published = list(services.get(proxy).get("ports")).stream()
                .map(p -> Port.parse(interpolate(String.valueOf(p), Variables.UNSET)))
                .anyMatch(p -> Integer.valueOf(port).equals(p.host) && p.container == 80);
        if (!published) {
            problems.add(proxy + ": does not publish host port " + port + " (the README's) on its port 80");
        }
        for (String required : List.of("resolver 127.0.0.11", "server " + hub + ":" + port + " resolve", "listen 80", "zone ")) {
            if (!files.nginxConf.contains(required)) {
                problems.add("docker/nginx.conf: no `" + required + "` (every replica of " + hub + ", found through Docker's DNS)");
            }
        }
        DataSize hubLimit = config.get(DeepSeaGuardProperties.class, "deepseaguard").http().maxBodyBytes();
        String limit = directive(files.nginxConf, "client_max_body_size").map(v -> v.replace(";", "")).orElse("1m");
        DataSize proxyLimit = DataSize.parse(limit.toUpperCase().replaceAll("([KMG])$", "$1B"));
        if (!limit.equals("0") && proxyLimit.compareTo(hubLimit) < 0) {
            problems.add("docker/nginx.conf: client_max_body_size " + limit + " is below deepseaguard.http.max-body-bytes "
                    + hubLimit.toMegabytes() + "MB");
        }
    }

    /** Every address the hub connects to names a service and a port it listens on; none is left on loopback. */
    private static void connections(Map<String, Map<String, Object>> services, Map<String, String> byImage, Config config,
                                    List<String> problems) {
        URI db = URI.create(config.string("spring.datasource.url").substring("jdbc:".length()));
        target(services, "spring.datasource.url", db.getHost(), "spring.datasource.url", db.getPort() < 0 ? 5432 : db.getPort(),
                byImage.get("postgres"), problems);
        target(services, "spring.rabbitmq.host", config.string("spring.rabbitmq.host"),
                "spring.rabbitmq.port", config.integer("spring.rabbitmq.port"), byImage.get("rabbitmq"), problems);
        target(services, "spring.data.redis.host", config.string("spring.data.redis.host"),
                "spring.data.redis.port", config.integer("spring.data.redis.port"), byImage.get("redis"), problems);
        for (String broker : config.string("camel.component.kafka.brokers").split(",")) {
            String[] hostPort = broker.trim().split(":");
            target(services, "camel.component.kafka.brokers", hostPort[0], "camel.component.kafka.brokers",
                    Integer.parseInt(hostPort[1]), byImage.get("apache/kafka"), problems);
        }
        URI mqtt = URI.create(config.string("camel.component.paho-mqtt5.broker-url"));
        target(services, "camel.component.paho-mqtt5.broker-url", mqtt.getHost(), "camel.component.paho-mqtt5.broker-url",
                mqtt.getPort(), byImage.get("eclipse-mosquitto"), problems);
        URI influx = URI.create(config.get(InfluxProperties.class, "deepseaguard.influxdb").url());
        target(services, "deepseaguard.influxdb.url", influx.getHost(), "deepseaguard.influxdb.url", influx.getPort(),
                byImage.get("influxdb"), problems);
        target(services, "spring.mail.host", config.string("spring.mail.host"), "spring.mail.port", config.integer("spring.mail.port"),
                byImage.get(SMTP_IMAGE), problems);

        for (String key : config.keys()) {
            String value = config.string(key);
            if (value != null && LOOPBACK.matcher(value).find()) {
                problems.add("hub: " + key + " is " + value + " (loopback: the hub's own container); set it in the hub's environment");
            }
        }
    }

    private static void target(Map<String, Map<String, Object>> services, String hostSetting, String host, String portSetting, int port,
                               String expected, List<String> problems) {
        if (host == null || LOOPBACK.matcher(host).find()) {
            return; // reported as loopback
        }
        Map<String, Object> service = services.get(host);
        if (service == null) {
            problems.add("hub: " + hostSetting + ": no service " + host);
            return;
        }
        if (expected != null && !host.equals(expected)) {
            problems.add("hub: " + hostSetting + " names " + host + ", the service is " + expected);
        }
        if (!listensOn(service, port)) {
            problems.add("hub: " + portSetting + ": " + host + " does not listen on " + port);
        }
    }

    /** The container ports a service is known to listen on: published or exposed, or its listeners (Kafka). */
    private static boolean listensOn(Map<String, Object> service, int port) {
        Stream<Object> declared = Stream.concat(list(service.get("ports")).stream(), list(service.get("expose")).stream());
        if (declared.map(p -> Port.parse(interpolate(String.valueOf(p), Variables.UNSET))).anyMatch(p -> p.container == port)) {
            return true;
        }
        String listeners = environment(service, Variables.UNSET).get("KAFKA_LISTENERS");
        return listeners != null && listeners(listeners).values().stream().anyMatch(l -> l.port == port);
    }

    /** Each credential and database name the hub is given is the one its service is set up with, however the variables are set. */
    private static void credentials(Map<String, Map<String, Object>> services, Map<String, String> byImage, String hub,
                                    List<String> problems) {
        for (Variables variables : Variables.values()) {
            Map<String, String> hubEnv = environment(services.get(hub), variables);
            Config config = new Config(hubEnv);
            String postgres = byImage.get("postgres");
            if (postgres != null) {
                Map<String, String> env = environment(services.get(postgres), variables);
                String user = env.getOrDefault("POSTGRES_USER", "postgres");
                same(problems, "spring.datasource.username", config.string("spring.datasource.username"), postgres, user);
                same(problems, "spring.datasource.password", config.string("spring.datasource.password"), postgres, env.get("POSTGRES_PASSWORD"));
                String database = URI.create(config.string("spring.datasource.url").substring("jdbc:".length())).getPath().substring(1);
                String created = env.getOrDefault("POSTGRES_DB", user);
                if (!database.equals(created)) {
                    problems.add("hub: spring.datasource.url names database " + database + ", " + postgres + " creates " + created);
                }
            }
            String rabbitmq = byImage.get("rabbitmq");
            if (rabbitmq != null) {
                Map<String, String> env = environment(services.get(rabbitmq), variables);
                same(problems, "spring.rabbitmq.username", config.string("spring.rabbitmq.username"), rabbitmq,
                        env.getOrDefault("RABBITMQ_DEFAULT_USER", "guest"));
                same(problems, "spring.rabbitmq.password", config.string("spring.rabbitmq.password"), rabbitmq,
                        env.getOrDefault("RABBITMQ_DEFAULT_PASS", "guest"));
            }
            String influxdb = byImage.get("influxdb");
            if (influxdb != null) {
                InfluxProperties influx = config.get(InfluxProperties.class, "deepseaguard.influxdb");
                same(problems, "deepseaguard.influxdb.database", influx.database(), influxdb,
                        environment(services.get(influxdb), variables).get("INFLUXDB_DB"));
            }
        }
    }

    private static void same(List<String> problems, String setting, String hubValue, String service, String serviceValue) {
        if (!Objects.equals(hubValue, serviceValue)) {
            problems.add("hub: " + setting + " is " + hubValue + ", " + service + " has " + serviceValue);
        }
    }

    /**
     * Queue, exchange and topic names: compose creates no queue or exchange (the hub declares them at
     * start) and no topic (Kafka creates them on first use), so the hub's environment must leave the
     * profile's names alone, and the profile must publish to the queues the hub declares.
     */
    private static void names(Config config, String kafka, Map<String, Map<String, Object>> services,
                              List<String> problems) {
        Config profileOnly = new Config(Map.of("SPRING_PROFILES_ACTIVE", "stack"));
        Map<String, Class<?>> named = orderedMap(
                "deepseaguard.amqp", AmqpProperties.class,
                "deepseaguard.ingest", IngestProperties.class,
                "deepseaguard.analytics", AnalyticsProperties.class,
                "deepseaguard.dead-letter", DeadLetterProperties.class,
                "deepseaguard.outputs", DeepSeaGuardProperties.Outputs.class,
                "deepseaguard.redis", RedisStateProperties.class);
        named.forEach((prefix, type) -> {
            Object withEnv = config.get(type, prefix);
            Object profile = profileOnly.get(type, prefix);
            if (prefix.equals("deepseaguard.ingest")) { // the MQTT client id is the one setting compose gives per instance
                withEnv = withoutClientId((IngestProperties) withEnv);
                profile = withoutClientId((IngestProperties) profile);
            }
            if (!withEnv.equals(profile)) {
                problems.add("hub: the environment changes " + prefix + " from application-stack.yml's " + profile + " to " + withEnv);
            }
        });
        AmqpProperties amqp = config.get(AmqpProperties.class, "deepseaguard.amqp");
        DeepSeaGuardProperties.Outputs outputs = config.get(DeepSeaGuardProperties.Outputs.class, "deepseaguard.outputs");
        for (String output : List.of(outputs.geofencingEvents(), outputs.complianceViolations(), outputs.criticalAlerts(),
                outputs.warningAlerts(), outputs.alertNotifications())) {
            String queue = routingKey(output);
            if (!amqp.outputQueues().contains(queue)) {
                problems.add("hub: output " + output + " publishes to " + queue + ", not a queue deepseaguard.amqp.output-queues declares");
            }
        }
        String deadLetters = routingKey(config.get(DeadLetterProperties.class, "deepseaguard.dead-letter").endpoint());
        if (!amqp.deadLetterQueue().equals(deadLetters)) {
            problems.add("hub: dead letters go to " + deadLetters + ", the declared queue is " + amqp.deadLetterQueue());
        }
        if (kafka != null) {
            Map<String, String> env = environment(services.get(kafka), Variables.UNSET);
            if ("false".equals(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
                problems.add("kafka: creates no topics and auto-creation is off ("
                        + config.get(IngestProperties.class, "deepseaguard.ingest").kafka().topic() + ", "
                        + config.get(AnalyticsProperties.class, "deepseaguard.analytics").kafka().topic() + ")");
            }
            if (Integer.parseInt(env.getOrDefault("KAFKA_NUM_PARTITIONS", "1")) < 2) {
                problems.add("kafka: KAFKA_NUM_PARTITIONS below 2: auv_telemetry could feed one hub instance only");
            }
        }
    }

    private static IngestProperties withoutClientId(IngestProperties ingest) {
        IngestProperties.Mqtt m = ingest.mqtt();
        return new IngestProperties(ingest.amqp(), new IngestProperties.Mqtt(m.enabled(), m.topic(), m.qos(), null, m.cleanStart(),
                m.sessionExpiryInterval()), ingest.kafka());
    }

    private static String routingKey(String endpoint) {
        Matcher key = Pattern.compile("[?&]routingKey=([^&]+)").matcher(endpoint);
        return key.find() ? key.group(1) : endpoint;
    }

    /** Kafka advertises a listener on localhost whose port is published to the host from that listener's container port. */
    private static void kafkaHostListener(String kafka, Map<String, Map<String, Object>> services, List<String> problems) {
        if (kafka == null) {
            return;
        }
        Map<String, String> env = environment(services.get(kafka), Variables.UNSET);
        Map<String, Listener> bound = listeners(env.getOrDefault("KAFKA_LISTENERS", ""));
        Map<String, Listener> advertised = listeners(env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", ""));
        List<Port> ports = list(services.get(kafka).get("ports")).stream()
                .map(p -> Port.parse(interpolate(String.valueOf(p), Variables.UNSET))).toList();
        boolean reachable = advertised.entrySet().stream().anyMatch(a ->
                LOOPBACK.matcher(a.getValue().host).find() && bound.containsKey(a.getKey())
                        && ports.stream().anyMatch(p -> Integer.valueOf(a.getValue().port).equals(p.host)
                        && p.container == bound.get(a.getKey()).port));
        if (!reachable) {
            problems.add("kafka: no advertised listener the host can reach (localhost:<published port> of that listener's port); "
                    + "advertised " + env.get("KAFKA_ADVERTISED_LISTENERS") + ", ports " + ports);
        }
        String hubBrokers = services.values().stream().filter(s -> s.containsKey("build"))
                .map(s -> environment(s, Variables.UNSET).get("CAMEL_COMPONENT_KAFKA_BROKERS")).filter(Objects::nonNull)
                .findFirst().orElse("");
        for (String broker : hubBrokers.split(",")) {
            if (!broker.isBlank() && advertised.values().stream().noneMatch(l -> (l.host + ":" + l.port).equals(broker.trim()))) {
                problems.add("hub: camel.component.kafka.brokers: " + broker + " is not an advertised listener of " + kafka);
            }
        }
    }

    // ---- the hub's configuration as Spring Boot binds it ---------------------------------------------

    /**
     * The hub's settings in profile {@code stack}: the container's environment over application-stack.yml
     * over application.yml, bound and resolved by Spring Boot's own binder (relaxed names such as
     * {@code SPRING_DATA_REDIS_HOST}, list indexes such as {@code _0}, {@code ${...}} placeholders,
     * {@code @DefaultValue}s of the properties records). Nothing of this JVM's environment is seen.
     */
    static final class Config {

        private static final List<PropertySource<?>> PROFILE = loadProfile();
        private final MutablePropertySources sources = new MutablePropertySources();
        private final Binder binder;
        private final PropertySourcesPropertyResolver resolver;

        Config(Map<String, String> environment) {
            sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new HashMap<>(environment)));
            PROFILE.forEach(sources::addLast);
            binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
                    ApplicationConversionService.getSharedInstance());
            resolver = new PropertySourcesPropertyResolver(sources);
            resolver.setIgnoreUnresolvableNestedPlaceholders(true);
        }

        private static List<PropertySource<?>> loadProfile() {
            try {
                YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
                List<PropertySource<?>> loaded = new ArrayList<>(loader.load("application-stack.yml", new ClassPathResource("application-stack.yml")));
                loaded.addAll(loader.load("application.yml", new ClassPathResource("application.yml")));
                return loaded;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        <T> T get(Class<T> type, String prefix) {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        }

        String string(String key) {
            return resolver.getProperty(key);
        }

        int integer(String key) {
            return Integer.parseInt(Objects.requireNonNull(string(key), key));
        }

        /** Every key the two YAML files set. */
        List<String> keys() {
            return PROFILE.stream().filter(EnumerablePropertySource.class::isInstance)
                    .flatMap(s -> Stream.of(((EnumerablePropertySource<?>) s).getPropertyNames())).distinct().toList();
        }
    }

    // ---- reading the compose file -------------------------------------------------------------------

    /** A {@code ports} or {@code expose} entry: {@code [ip:][host:]container[/protocol]}; host null when not published. */
    record Port(Integer host, int container) {

        static Port parse(String entry) {
            String[] parts = entry.replaceAll("/(tcp|udp)$", "").split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            Integer host = parts.length >= 2 && !parts[parts.length - 2].isEmpty() ? Integer.valueOf(parts[parts.length - 2]) : null;
            return new Port(host, container);
        }
    }

    record Mount(String source, String target) {
    }

    record Listener(String host, int port) {
    }

    /** {@code NAME://host:port,...} by listener name. */
    private static Map<String, Listener> listeners(String value) {
        Map<String, Listener> listeners = new LinkedHashMap<>();
        for (String listener : value.split(",")) {
            Matcher m = Pattern.compile("\\s*([A-Za-z_]+)://([^:]*):(\\d+)\\s*").matcher(listener);
            if (m.matches()) {
                listeners.put(m.group(1), new Listener(m.group(2), Integer.parseInt(m.group(3))));
            }
        }
        return listeners;
    }

    private static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> longForm) {
                mounts.add(new Mount(String.valueOf(longForm.get("source")), String.valueOf(longForm.get("target"))));
            } else {
                String[] parts = interpolate(String.valueOf(volume), Variables.UNSET).split(":");
                mounts.add(parts.length == 1 ? new Mount("", parts[0]) : new Mount(parts[0], parts[1]));
            }
        }
        return mounts;
    }

    /** A service's environment (map or list form), interpolated as Compose does. */
    static Map<String, String> environment(Map<String, Object> service, Variables variables) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v), variables)));
        } else {
            for (Object entry : list(raw)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length == 2 ? interpolate(kv[1], variables) : "");
            }
        }
        return env;
    }

    /** Compose's interpolation: {@code $$}, {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}. */
    static String interpolate(String value, Variables variables) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                String set = variables.value(name);
                String operator = m.group(2);
                boolean useDefault = set == null || (set.isEmpty() && operator != null && operator.startsWith(":"));
                replacement = !useDefault ? set : operator != null && operator.endsWith("-") ? m.group(3) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String repository(String image) {
        if (image == null) {
            return null;
        }
        String withoutDigest = image.split("@")[0];
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static String tag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : null;
    }

    /** The value of the first {@code name value} line (nginx, Mosquitto). */
    private static Optional<String> directive(String conf, String name) {
        return conf.lines().map(String::trim).filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length()).trim()).findFirst();
    }

    private static String lastDirective(String dockerfile, String instruction) {
        return dockerfile.lines().map(String::trim).filter(l -> l.startsWith(instruction + " "))
                .reduce((first, second) -> second).map(l -> l.substring(instruction.length()).trim())
                .orElseThrow(() -> new AssertionError("Dockerfile has no " + instruction));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    static Map<String, Object> service(Map<String, Object> compose, String name) {
        return services(compose).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> env(Map<String, Object> compose, String name) {
        return (Map<String, Object>) service(compose, name).get("environment");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> depends(Map<String, Object> compose) {
        return (Map<String, Object>) service(compose, "hub").get("depends_on");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> topVolumes(Map<String, Object> compose) {
        Object volumes = compose.get("volumes");
        return volumes == null ? Map.of() : (Map<String, Object>) volumes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Arguments defect(String name, StackFiles broken, String reported) {
        return Arguments.of(name, broken, reported);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    private static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
