package org.deepseaguard.hub.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deepseaguard.core.io.GeoJsonZones;
import org.deepseaguard.core.io.PropertyMapping;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Rules and zones as files (docs/provisioning.md): the rule files ({@code *.yaml}, {@code *.yml})
 * of {@code deepseaguard.provisioning.rules} and the zone files ({@code *.geojson}, {@code *.json})
 * of {@code deepseaguard.provisioning.zones}, applied at start (before the routes start, like the
 * demo's loader) and again by route {@code provisioning-poll} whenever a file's content changes.
 *
 * <p>A file is applied through {@link RuleService#create} / {@link ZoneService#create}, the methods
 * behind {@code POST /rules} and {@code POST /zones}, so it is validated, versioned and audited as an
 * API change is (actor {@code file:<folder>/<file>}, role {@code provisioning}); only the rules and
 * zones whose content differs from what the hub holds are sent, so an unchanged item (a rewrite
 * with the same content, a restart) makes no version; before comparing, the service reloads what
 * other instances stored since its last reload. A file is all or nothing: a bad one is
 * refused whole, logged at WARN naming the file and every bad field, and kept in {@link #status()}
 * until it changes again (or another file of its folder is applied or removed: it may have been
 * refused for an id the other gave); the other files still apply. A removed file deletes nothing (its rules and
 * zones stay until deleted over the API). A file that could not be read or stored (I/O, database) is
 * tried again at the next poll.
 *
 * <p>Thread-safe: polls are serialised; {@link #status()} reads an immutable snapshot.
 */
@Service
public class ProvisioningService implements InitializingBean {

    /** A reason a file was refused; {@code field} is null for a problem with the whole file. */
    public record FileError(String file, String field, String message) {
    }

    /**
     * What {@code GET /api/v1/status} shows as {@code provisioning}: the folders (null when not
     * given) and the errors of the files refused as they are now.
     */
    public record Status(String rules, String zones, List<FileError> errors) {
    }

    private enum Kind {
        RULES("rule", ".yaml", ".yml"), ZONES("zone", ".geojson", ".json");

        final String noun;
        final List<String> extensions;

        Kind(String noun, String... extensions) {
            this.noun = noun;
            this.extensions = List.of(extensions);
        }
    }

    /** One watched folder and what was last seen in it. */
    private static final class Folder {
        final Kind kind;
        final Path path;
        /** By file: the SHA-256 of the content last applied or refused. */
        final Map<Path, String> seen = new HashMap<>();
        /** By file: the ids it gave when last applied. */
        final Map<Path, Set<String>> ids = new HashMap<>();
        /** By file, in name order: why it was refused. */
        final Map<Path, List<FileError>> errors = new TreeMap<>();
        FileError unreadable;

        Folder(Kind kind, Path path) {
            this.kind = kind;
            this.path = path;
        }

        String name(Path file) {
            Path folderName = path.getFileName();
            return (folderName == null ? "" : folderName + "/") + file.getFileName();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);

    private final RuleService rules;
    private final RuleCodec ruleCodec;
    private final ZoneService zones;
    private final ZoneCodec zoneCodec;
    private final ObjectMapper json;
    private final ObjectReader input;
    private final DeepSeaGuardProperties.Provisioning properties;
    private final List<Folder> folders = new ArrayList<>();
    private volatile Status status;

    public ProvisioningService(RuleService rules, RuleCodec ruleCodec, ZoneService zones, ZoneCodec zoneCodec,
                               ObjectMapper json, ObjectReader inputReader, DeepSeaGuardProperties properties) {
        this.rules = rules;
        this.ruleCodec = ruleCodec;
        this.zones = zones;
        this.zoneCodec = zoneCodec;
        this.json = json;
        this.input = inputReader;
        this.properties = properties.provisioning();
        // zones first: a rule file may scope its rules to zones of the zone files
        if (this.properties.zones() != null) {
            folders.add(new Folder(Kind.ZONES, this.properties.zones()));
        }
        if (this.properties.rules() != null) {
            folders.add(new Folder(Kind.RULES, this.properties.rules()));
        }
        this.status = snapshot();
    }

    /** Applies the files at start, before the routes (and so telemetry) start. */
    @Override
    public void afterPropertiesSet() {
        if (enabled()) {
            poll();
            LOG.info("Provisioning: rules from {}, zones from {}, polled every {}; {} file(s) refused",
                    properties.rules(), properties.zones(), properties.pollInterval(),
                    status.errors().stream().map(FileError::file).distinct().count());
        }
    }

    /** True when a rules or zones folder is configured. */
    public boolean enabled() {
        return properties.enabled();
    }

    /** The folders and the current errors; null when provisioning is off. */
    public Status status() {
        return enabled() ? status : null;
    }

    /**
     * Reads both folders and applies every file whose content changed since the last poll (every
     * file, the first time). Route {@code provisioning-poll}; never throws.
     */
    public synchronized void poll() {
        for (Folder folder : folders) {
            try {
                scan(folder);
            } catch (RuntimeException e) {
                LOG.warn("Provisioning: {} could not be scanned: {}", folder.path, e.toString());
            }
        }
        status = snapshot();
    }

    private Status snapshot() {
        List<FileError> errors = new ArrayList<>();
        for (Folder folder : folders) {
            if (folder.unreadable != null) {
                errors.add(folder.unreadable);
            }
            folder.errors.values().forEach(errors::addAll);
        }
        return new Status(properties.rules() == null ? null : properties.rules().toString(),
                properties.zones() == null ? null : properties.zones().toString(), List.copyOf(errors));
    }

    private void scan(Folder folder) {
        List<Path> files;
        try {
            files = list(folder);
        } catch (IOException e) {
            if (folder.unreadable == null) {
                LOG.warn("Provisioning: {} folder {} cannot be read: {}", folder.kind.noun, folder.path, e.toString());
            }
            folder.unreadable = new FileError(folder.path.toString(), null, "the folder cannot be read: " + e);
            return;
        }
        folder.unreadable = null;
        boolean changed = false;
        for (Path gone : List.copyOf(folder.seen.keySet())) {
            if (!files.contains(gone)) {
                Set<String> ids = folder.ids.remove(gone);
                folder.seen.remove(gone);
                folder.errors.remove(gone);
                changed = true;
                LOG.info("Provisioning: {} was removed; its {}s {} stay (delete them over the API)", folder.name(gone),
                        folder.kind.noun, ids == null ? "[]" : ids);
            }
        }
        for (Path file : files) {
            String name = folder.name(file);
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                folder.seen.remove(file);
                folder.errors.put(file, List.of(new FileError(name, null, "cannot be read: " + e)));
                LOG.warn("Provisioning: {} cannot be read (tried again at the next poll): {}", name, e.toString());
                continue;
            }
            String hash = sha256(content);
            if (hash.equals(folder.seen.get(file))) {
                continue;
            }
            folder.seen.put(file, hash);
            try {
                Set<String> ids = folder.kind == Kind.RULES ? applyRules(folder, file, content)
                        : applyZones(folder, file, content);
                folder.ids.put(file, ids);
                folder.errors.remove(file);
                changed = true;
            } catch (InvalidInputException e) {
                List<FileError> errors = e.errors().stream()
                        .map(f -> new FileError(name, f.field(), f.message())).toList();
                folder.errors.put(file, errors);
                LOG.warn("Provisioning: {} refused, nothing of it applied:{}", name, errors.stream()
                        .map(f -> "\n  " + name + (f.field() == null ? "" : " " + f.field()) + ": " + f.message())
                        .reduce("", String::concat));
            } catch (RuntimeException e) {
                folder.seen.remove(file); // e.g. the database: try again at the next poll
                folder.errors.put(file, List.of(new FileError(name, null, "not applied (tried again): " + e)));
                LOG.warn("Provisioning: {} could not be applied (tried again at the next poll)", name, e);
            }
        }
        if (changed) {
            // a file refused for an id another file gave may be good now that the other changed
            folder.errors.keySet().forEach(folder.seen::remove);
        }
    }

    /** The folder's files of its kind, by name; hidden files (editors' temporary files) are left out. */
    private static List<Path> list(Folder folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder.path)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        String lower = n.toLowerCase(Locale.ROOT);
                        return !n.startsWith(".") && folder.kind.extensions.stream().anyMatch(lower::endsWith);
                    })
                    .sorted()
                    .toList();
        }
    }

    // ---- rules

    private Set<String> applyRules(Folder folder, Path file, byte[] content) {
        JsonNode body = readYaml(content);
        if (body == null || body.isNull()) {
            return Set.of(); // an empty file holds no rules
        }
        if (!body.isObject() && !body.isArray()) {
            throw new InvalidInputException(null, "must hold one rule (a mapping) or a list of rules");
        }
        boolean list = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (list) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        List<FieldError> errors = new ArrayList<>();
        List<Rule> read = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = list ? "[" + i + "]." : "";
            Rule rule = ruleCodec.read(items.get(i), prefix, 1, errors);
            read.add(rule);
            if (rule != null) {
                checkUnique(folder, file, rule.ruleId(), prefix + "rule_id", ids, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        rules.reloadIfChanged(); // compare with what is stored, also changes made by other instances
        ArrayNode changed = json.createArrayNode();
        for (int i = 0; i < read.size(); i++) {
            Rule rule = read.get(i);
            Rule current = rules.find(rule.ruleId()).orElse(null);
            if (current == null
                    || !ruleCodec.toText(rule.withVersion(current.version())).equals(ruleCodec.toText(current))) {
                changed.add(items.get(i));
            }
        }
        if (!changed.isEmpty()) {
            List<Rule> stored = rules.create(changed, AuditActor.file(folder.name(file)));
            LOG.info("Provisioning: {} applied: {}", folder.name(file),
                    stored.stream().map(r -> r.ruleId() + " v" + r.version()).toList());
        } else {
            LOG.debug("Provisioning: {} read, no rule changed", folder.name(file));
        }
        return ids;
    }

    /**
     * YAML as JSON nodes: safe types only (no Java objects), duplicate keys refused, and timestamps
     * kept as the text written (the rule fields read ISO-8601 text, as over the API).
     */
    private JsonNode readYaml(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(null, "is not UTF-8 text");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        SafeConstructor constructor = new SafeConstructor(options) {
            {
                yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            }
        };
        try {
            Object loaded = new Yaml(constructor).load(new StringReader(text));
            return json.valueToTree(loaded);
        } catch (YAMLException | IllegalArgumentException e) {
            throw new InvalidInputException(null, "is not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").trim());
        }
    }

    // ---- zones

    private Set<String> applyZones(Folder folder, Path file, byte[] content) {
        JsonNode body;
        try {
            body = input.readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException(null, "is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new InvalidInputException(null, "cannot be read: " + e);
        }
        if (body == null || body.isMissingNode()) {
            return Set.of(); // an empty file holds no zones
        }
        List<Zone> read = GeoJsonZones.read(body, PropertyMapping.NATIVE);
        boolean collection = "FeatureCollection".equals(body.path("type").asText());
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < read.size(); i++) {
            String field = (collection ? "features[" + i + "]." : "") + "properties.zone_id";
            checkUnique(folder, file, read.get(i).zoneId(), field, ids, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        zones.reloadIfChanged(); // compare with what is stored, also changes made by other instances
        ArrayNode changed = json.createArrayNode();
        for (int i = 0; i < read.size(); i++) {
            Zone zone = read.get(i);
            Zone current = zones.find(zone.zoneId()).orElse(null);
            if (current == null
                    || !zoneCodec.toText(zone.withVersion(current.version())).equals(zoneCodec.toText(current))) {
                changed.add(collection ? body.get("features").get(i) : body);
            }
        }
        if (!changed.isEmpty()) {
            ObjectNode features = json.createObjectNode().put("type", "FeatureCollection");
            features.set("features", changed);
            List<Zone> stored = zones.create(features, PropertyMapping.NATIVE, null, AuditActor.file(folder.name(file)));
            LOG.info("Provisioning: {} applied: {}", folder.name(file),
                    stored.stream().map(z -> z.zoneId() + " v" + z.version()).toList());
        } else {
            LOG.debug("Provisioning: {} read, no zone changed", folder.name(file));
        }
        return ids;
    }

    /** Adds an error when {@code id} is given twice in the file or by another file of the folder. */
    private static void checkUnique(Folder folder, Path file, String id, String field, Set<String> ids,
                                    List<FieldError> errors) {
        if (!ids.add(id)) {
            errors.add(new FieldError(field, folder.kind.noun + "_id '" + id + "' appears more than once"));
            return;
        }
        folder.ids.forEach((other, otherIds) -> {
            if (!other.equals(file) && otherIds.contains(id)) {
                errors.add(new FieldError(field, folder.kind.noun + "_id '" + id + "' is given by "
                        + folder.name(other) + " already"));
            }
        });
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
