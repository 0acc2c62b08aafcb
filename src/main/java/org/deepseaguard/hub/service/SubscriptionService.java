package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.RuleType;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.ZoneType;
import org.deepseaguard.hub.alerts.AlertChannel;
import org.deepseaguard.hub.alerts.AlertChannels;
import org.deepseaguard.hub.alerts.EmailChannel;
import org.deepseaguard.hub.alerts.WebhookChannel;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.store.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Alert subscriptions as data (docs/alerts.md): created, replaced and deleted through the API
 * (origin {@code api}, each change audited in its transaction), read from
 * {@code deepseaguard.alerts.subscriptions-file} at start (origin {@code file}), and made from the
 * legacy {@code deepseaguard.alerts.webhooks} and {@code email} settings at start (origin
 * {@code config}). At every start the {@code file} and {@code config} subscriptions are made exactly
 * what the file and the settings say now (the ones no longer there are deleted).
 *
 * <p>Validation names every bad field: the channel must be one of {@link AlertChannels} and usable
 * here, and it judges the targets (a webhook's must be allowed by {@link WebhookAllowList}, an
 * email's is one address, a route's a {@code direct:} endpoint); a signed channel (webhook) of
 * origin {@code api} or {@code file} needs a secret (16 to 1024 characters), which is stored
 * encrypted ({@link SecretBox}) and never answered.
 *
 * <p>The pipeline matches violations against an in-memory snapshot ({@link #all()}), swapped after
 * every change here and reloaded from the database every few seconds ({@link #refreshIfStale()}),
 * so another instance's change reaches this one within that time. Thread-safe.
 */
@Service
public class SubscriptionService {

    /** Origin of the subscriptions of {@code alerts-to} routes. */
    public static final String ORIGIN_TEMPLATE = Subscription.ORIGIN_TEMPLATE;
    public static final String SUBSCRIPTION_CREATED = "subscription_created";
    public static final String SUBSCRIPTION_UPDATED = "subscription_updated";
    public static final String SUBSCRIPTION_DELETED = "subscription_deleted";

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 1024;
    private static final int MAX_TARGET = 2048;

    private final SubscriptionRepository repository;
    private final SecretBox secrets;
    private final WebhookAllowList allowList;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final AlertChannels channels;
    private volatile List<Subscription> snapshot = List.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    public SubscriptionService(SubscriptionRepository repository, SecretBox secrets, WebhookAllowList allowList,
                               TransactionTemplate tx, Clock clock, AuditLog audit, ObjectMapper json,
                               DeepSeaGuardProperties properties, AlertChannels channels) {
        this.repository = repository;
        this.secrets = secrets;
        this.allowList = allowList;
        this.tx = tx;
        this.clock = clock;
        this.audit = audit;
        this.json = json;
        this.channels = channels;
        synchronise(configured(properties.alerts()), Subscription.ORIGIN_CONFIG);
        synchronise(fromFile(properties.alerts().subscriptionsFile()), Subscription.ORIGIN_FILE);
        reload();
    }

    /** Every subscription, as of the last reload (at most a few seconds old). */
    public List<Subscription> all() {
        return snapshot;
    }

    /** Reloads the snapshot when it is older than a few seconds (another instance may have changed it). */
    public void refreshIfStale() {
        if (Duration.between(loadedAt, clock.instant()).compareTo(REFRESH) >= 0) {
            reload();
        }
    }

    public synchronized void reload() {
        snapshot = List.copyOf(repository.findAll());
        loadedAt = clock.instant();
    }

    /** @throws NotFoundException when there is none */
    public Subscription get(String subscriptionId) {
        return repository.find(subscriptionId).orElseThrow(() -> new NotFoundException("subscription", subscriptionId));
    }

    /** As stored now (not the snapshot): empty once deleted. */
    public Optional<Subscription> find(String subscriptionId) {
        return repository.find(subscriptionId);
    }

    /** The secret of a subscription in clear, null when it has none. */
    public String secret(Subscription subscription) {
        return subscription.secretEncrypted() == null ? null
                : secrets.open(subscription.subscriptionId(), subscription.secretEncrypted());
    }

    /**
     * Creates a subscription (origin {@code api}), audited as {@code subscription_created}.
     *
     * @throws InvalidInputException naming each bad field
     * @throws ConflictException     when the id is taken
     */
    public Subscription create(JsonNode body, AuditActor actor) {
        Read read = read(body, null, Subscription.ORIGIN_API, true, "");
        Subscription created = tx.execute(status -> {
            if (!repository.insert(read.subscription())) {
                throw new ConflictException("subscription '" + read.subscription().subscriptionId() + "' exists; "
                        + "change it with PUT", List.of(new FieldError("subscription_id", "is taken")));
            }
            audit.record(actor, SUBSCRIPTION_CREATED, audited(read.subscription()));
            return read.subscription();
        });
        reload();
        return created;
    }

    /**
     * Replaces a subscription made through the API; without {@code secret} the stored one is kept.
     * Audited as {@code subscription_updated}.
     *
     * @throws NotFoundException     for an unknown id
     * @throws ConflictException     for a subscription of the file or the configuration
     * @throws InvalidInputException naming each bad field
     */
    public Subscription update(String subscriptionId, JsonNode body, AuditActor actor) {
        JsonNode object = body;
        if (body.isObject() && !body.hasNonNull("subscription_id")) {
            object = ((ObjectNode) body.deepCopy()).put("subscription_id", subscriptionId);
        }
        Subscription current = get(subscriptionId);
        managedHere(current);
        Read read = read(object, current, Subscription.ORIGIN_API, true, "");
        if (!read.subscription().subscriptionId().equals(subscriptionId)) {
            throw new InvalidInputException("subscription_id", "must match the id in the path ('" + subscriptionId + "')");
        }
        Subscription updated = tx.execute(status -> {
            Subscription locked = repository.lock(subscriptionId)
                    .orElseThrow(() -> new NotFoundException("subscription", subscriptionId));
            managedHere(locked);
            Subscription next = read.subscription();
            if (next.secretEncrypted() == null && !read.secretGiven() && channels.get(next.channel()).signed()) {
                next = next.withSecret(locked.secretEncrypted());
            }
            Subscription stored = new Subscription(next.subscriptionId(), next.channel(), next.target(),
                    next.secretEncrypted(), next.minSeverity(), next.ruleTypes(), next.zoneTypes(), next.zoneIds(),
                    next.auvIds(), next.mode(), next.origin(), locked.createdAt(), next.updatedAt(), next.escalationTarget());
            repository.update(stored);
            audit.record(actor, SUBSCRIPTION_UPDATED, audited(stored));
            return stored;
        });
        reload();
        return updated;
    }

    /**
     * Deletes a subscription made through the API, audited as {@code subscription_deleted}. Its
     * pending deliveries are not sent (the worker ends them as failed).
     */
    public void delete(String subscriptionId, AuditActor actor) {
        tx.executeWithoutResult(status -> {
            Subscription locked = repository.lock(subscriptionId)
                    .orElseThrow(() -> new NotFoundException("subscription", subscriptionId));
            managedHere(locked);
            repository.delete(subscriptionId);
            audit.record(actor, SUBSCRIPTION_DELETED, audited(locked));
        });
        reload();
    }

    private static void managedHere(Subscription s) {
        if (!Subscription.ORIGIN_API.equals(s.origin())) {
            throw new ConflictException("subscription '" + s.subscriptionId() + "' comes from the hub's "
                    + switch (s.origin()) {
                        case Subscription.ORIGIN_FILE -> "subscriptions file";
                        case Subscription.ORIGIN_TEMPLATE -> "routes folder (an alerts-to route)";
                        default -> "configuration";
                    }
                    + "; change it there", List.of(new FieldError("subscription_id", "is managed by the " + s.origin())));
        }
    }

    /** The audit payload: the subscription as answered (never the secret). */
    private Map<String, Object> audited(Subscription s) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subscription", json.valueToTree(s));
        return payload;
    }

    private record Read(Subscription subscription, boolean secretGiven) {
    }

    /**
     * Reads and validates one subscription.
     *
     * @param current the stored one when replacing (its secret may be kept), else null
     */
    private Read read(JsonNode node, Subscription current, String origin, boolean checkAllowList, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        JsonInput in = new JsonInput(node, prefix, errors);
        String id = in.text("subscription_id", true);
        if (id != null && !ID.matcher(id).matches()) {
            in.error("subscription_id", "must be 1-128 of A-Z a-z 0-9 _ . -");
        }
        String channelName = in.text("channel", true);
        AlertChannel channel = channels.find(channelName);
        if (channelName != null && channel == null) {
            in.error("channel", "must be one of " + String.join(", ", channels.names()));
        } else if (channel != null && channel.unavailable() != null) {
            in.error("channel", channel.unavailable());
        }
        String target = in.text("target", true);
        String escalationTarget = in.text("escalation_target", false);
        String secret = in.text("secret", false);
        boolean secretGiven = node.isObject() && node.hasNonNull("secret");
        Subscription.Mode mode = in.enumValue("mode", Subscription.Mode::fromWire, false);
        mode = mode == null ? Subscription.Mode.IMMEDIATE : mode;
        Severity minSeverity = in.enumValue("min_severity", Severity::fromWire, false);
        if (minSeverity == null) {
            minSeverity = mode == Subscription.Mode.DIGEST ? Severity.WARNING : Severity.CRITICAL;
        }
        List<RuleType> ruleTypes = in.enums("rule_types", RuleType::fromWire);
        List<ZoneType> zoneTypes = in.enums("zone_types", ZoneType::fromWire);
        List<String> zoneIds = in.strings("zone_ids");
        List<String> auvIds = in.strings("auv_ids");

        if (mode == Subscription.Mode.DIGEST && minSeverity == Severity.CRITICAL) {
            in.error("min_severity", "a digest holds warnings only: use warning (or info) with mode digest");
        }
        if (target != null && target.length() > MAX_TARGET) {
            in.error("target", "must be at most " + MAX_TARGET + " characters");
        } else if (target != null && channel != null) {
            String refused = channel.refusal(target, checkAllowList);
            if (refused != null) {
                in.error("target", refused);
            }
        }
        if (escalationTarget != null) {
            if (mode == Subscription.Mode.DIGEST) {
                in.error("escalation_target", "escalates critical alerts: use it with mode immediate");
            } else if (escalationTarget.length() > MAX_TARGET) {
                in.error("escalation_target", "must be at most " + MAX_TARGET + " characters");
            } else if (channel != null) {
                String refused = channel.refusal(escalationTarget, checkAllowList);
                if (refused != null) {
                    in.error("escalation_target", refused);
                }
            }
        }
        if (secret != null && (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET)) {
            in.error("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        if (channel != null && !channel.signed() && secretGiven) {
            in.error("secret", channel.name() + " subscriptions have no secret");
        }
        boolean hasSecret = secret != null || (current != null && current.secretEncrypted() != null);
        if (channel != null && channel.signed() && !hasSecret && !Subscription.ORIGIN_CONFIG.equals(origin)
                && !secretGiven) {
            in.error("secret", "is required for a " + channel.name() + ": calls are signed with it (X-DeepSeaGuard-Signature)");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String sealed = secret == null || !channel.signed() ? null : secrets.seal(id, secret);
        return new Read(new Subscription(id, channel.name(), target, sealed, minSeverity, ruleTypes, zoneTypes, zoneIds,
                auvIds, mode, origin, now, now, escalationTarget), secretGiven);
    }

    /** The legacy settings as subscriptions: each webhook URL and each email address twice (immediate and digest). */
    private List<Subscription> configured(DeepSeaGuardProperties.Alerts alerts) {
        List<Subscription> made = new ArrayList<>();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<URI> hooks = alerts.webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            String target = hooks.get(i).toString();
            String wrong = WebhookAllowList.malformed(target);
            if (wrong != null) {
                throw new IllegalStateException("deepseaguard.alerts.webhooks[" + i + "] " + wrong);
            }
            made.addAll(pair("config-webhook-" + (i + 1), WebhookChannel.NAME, target, now));
        }
        if (alerts.email().enabled()) {
            List<String> to = alerts.email().to();
            for (int i = 0; i < to.size(); i++) {
                made.addAll(pair("config-email-" + (i + 1), EmailChannel.NAME, to.get(i).trim(), now));
            }
        }
        return made;
    }

    private static List<Subscription> pair(String id, String channel, String target, Instant now) {
        return List.of(
                new Subscription(id, channel, target, null, Severity.CRITICAL, List.of(), List.of(), List.of(), List.of(),
                        Subscription.Mode.IMMEDIATE, Subscription.ORIGIN_CONFIG, now, now, null),
                new Subscription(id + "-digest", channel, target, null, Severity.WARNING, List.of(), List.of(), List.of(),
                        List.of(), Subscription.Mode.DIGEST, Subscription.ORIGIN_CONFIG, now, now, null));
    }

    /** The subscriptions of the file: a YAML (or JSON) list, or a map with a {@code subscriptions} list. */
    private List<Subscription> fromFile(Path file) {
        if (file == null) {
            return List.of();
        }
        Object loaded;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("deepseaguard.alerts.subscriptions-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (loaded instanceof Map<?, ?> map && map.containsKey("subscriptions")) {
            loaded = map.get("subscriptions");
        }
        if (loaded == null) {
            return List.of();
        }
        JsonNode list = json.valueToTree(loaded);
        if (!list.isArray()) {
            throw new IllegalStateException("deepseaguard.alerts.subscriptions-file " + file + " must hold a list of subscriptions");
        }
        List<Subscription> read = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                read.add(read(list.get(i), null, Subscription.ORIGIN_FILE, true, "[" + i + "].").subscription());
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("deepseaguard.alerts.subscriptions-file " + file + " is invalid: "
                    + errors.stream().map(e -> e.field() + " " + e.message()).toList());
        }
        return read;
    }

    /**
     * The subscription of an {@code alerts-to} route (origin {@code template}; docs/yaml-routes.md):
     * id the template's {@code name}, channel {@code route} into {@code direct:alerts-to-<name>}, the
     * filters from the parameters (lists comma-separated). Made, or replaced when it differs, each
     * time such a route is made; audited like the file's.
     *
     * @throws IllegalStateException naming the bad parameters, or when the id is taken by a
     *                               subscription of another origin (the route is then not made)
     */
    public void fromTemplate(Map<String, Object> parameters, String[] filters) {
        Object name = parameters.get("name");
        ObjectNode node = json.createObjectNode();
        node.put("subscription_id", name == null ? null : name.toString());
        node.put("channel", "route");
        node.put("target", "direct:alerts-to-" + name);
        for (String filter : filters) {
            Object value = parameters.get(filter);
            if (value == null || value.toString().isBlank()) {
                continue;
            }
            if (filter.endsWith("s")) {
                var list = node.putArray(filter);
                for (String item : value.toString().split(",")) {
                    if (!item.isBlank()) {
                        list.add(item.strip());
                    }
                }
            } else {
                node.put(filter, value.toString().strip());
            }
        }
        Subscription wanted;
        try {
            wanted = read(node, null, ORIGIN_TEMPLATE, true, "").subscription();
        } catch (InvalidInputException e) {
            throw new IllegalStateException("template alerts-to " + name + ": " + e.errors().stream()
                    .map(f -> f.field() + " " + f.message()).toList());
        }
        tx.executeWithoutResult(status -> upsert(wanted, repository.lock(wanted.subscriptionId()).orElse(null),
                "template alerts-to " + name + ": subscription '" + wanted.subscriptionId() + "'", "give the route another name"));
        reload();
    }

    /**
     * Deletes the {@code alerts-to} subscriptions whose route is gone (audited), so the outbox stops
     * writing deliveries nobody takes.
     *
     * @param routed whether a route consumes a {@code direct:} target now
     * @return how many were deleted
     */
    public int dropTemplatesWithout(Predicate<String> routed) {
        List<Subscription> gone = all().stream()
                .filter(s -> ORIGIN_TEMPLATE.equals(s.origin()) && !routed.test(s.target())).toList();
        if (gone.isEmpty()) {
            return 0;
        }
        tx.executeWithoutResult(status -> gone.forEach(s -> {
            repository.delete(s.subscriptionId());
            audit.record(AuditActor.SYSTEM, SUBSCRIPTION_DELETED, audited(s));
        }));
        reload();
        LOG.info("Subscriptions of removed alerts-to routes deleted: {}", gone.stream().map(Subscription::subscriptionId).toList());
        return gone.size();
    }

    /** Makes the stored subscriptions of {@code origin} exactly {@code wanted} (an id of another origin is refused). */
    private void synchronise(List<Subscription> wanted, String origin) {
        tx.executeWithoutResult(status -> {
            Map<String, Subscription> stored = new LinkedHashMap<>();
            repository.findAll().forEach(s -> stored.put(s.subscriptionId(), s));
            for (Subscription s : wanted) {
                upsert(s, stored.remove(s.subscriptionId()),
                        "subscription '" + s.subscriptionId() + "' of the " + origin, "give it another id");
            }
            for (Subscription gone : stored.values()) {
                if (origin.equals(gone.origin())) {
                    repository.delete(gone.subscriptionId());
                    audit.record(AuditActor.SYSTEM, SUBSCRIPTION_DELETED, audited(gone));
                }
            }
        });
        if (!wanted.isEmpty()) {
            LOG.info("{} alert subscriptions from the {}", wanted.size(), origin);
        }
    }

    /**
     * Writes {@code wanted} (made by the hub: the file, the settings, a template) over {@code existing}:
     * inserted when there is none, replaced (keeping its creation time) when it differs, audited as
     * the system's change; refused when {@code existing} has another origin.
     */
    private void upsert(Subscription wanted, Subscription existing, String what, String remedy) {
        if (existing == null) {
            repository.insert(wanted);
            audit.record(AuditActor.SYSTEM, SUBSCRIPTION_CREATED, audited(wanted));
        } else if (!wanted.origin().equals(existing.origin())) {
            throw new IllegalStateException(what + " exists already with origin " + existing.origin() + "; " + remedy);
        } else if (!same(existing, wanted)) {
            Subscription replaced = new Subscription(wanted.subscriptionId(), wanted.channel(), wanted.target(),
                    wanted.secretEncrypted(), wanted.minSeverity(), wanted.ruleTypes(), wanted.zoneTypes(), wanted.zoneIds(),
                    wanted.auvIds(), wanted.mode(), wanted.origin(), existing.createdAt(), wanted.updatedAt(),
                    wanted.escalationTarget());
            repository.update(replaced);
            audit.record(AuditActor.SYSTEM, SUBSCRIPTION_UPDATED, audited(replaced));
        }
    }

    /**
     * Same content, secrets compared in clear (each seal has its own nonce); a stored secret that no
     * longer decrypts (the key changed) counts as different, so the file's secret is stored again.
     */
    private boolean same(Subscription a, Subscription b) {
        boolean sameSecret;
        try {
            sameSecret = a.secretEncrypted() == null ? b.secretEncrypted() == null
                    : b.secretEncrypted() != null && secret(a).equals(secret(b));
        } catch (IllegalStateException e) {
            sameSecret = false;
        }
        return sameSecret && a.channel().equals(b.channel()) && a.target().equals(b.target())
                && a.minSeverity() == b.minSeverity() && a.ruleTypes().equals(b.ruleTypes())
                && a.zoneTypes().equals(b.zoneTypes()) && a.zoneIds().equals(b.zoneIds()) && a.auvIds().equals(b.auvIds())
                && a.mode() == b.mode() && Objects.equals(a.escalationTarget(), b.escalationTarget());
    }
}
