package org.deepseaguard.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.AuditHash;
import org.deepseaguard.hub.service.AuditLog;
import org.deepseaguard.hub.store.AuditLogRepository;
import org.deepseaguard.hub.service.EvidenceService;
import org.deepseaguard.hub.service.StatusService;
import org.deepseaguard.hub.store.StoredVersion;
import org.springframework.stereotype.Component;

/**
 * {@code GET /evidence?auv_id&from&to}: a zip a regulator can check offline (docs/evidence.md):
 * the vehicle's violation episodes overlapping [from, to) with their acknowledgements
 * ({@code violations.json}), its zone events ({@code events.json}), its track from the position
 * history ({@code track.geojson}), the zone, rule and registration versions that judged them
 * ({@code zones/}, {@code rules/} as stored, {@code registrations/}), the audit entries of the period
 * about them ({@code audit.json}, each with its hashes), a {@code manifest.json} listing every file with its SHA-256, and
 * {@code SHA256SUMS} (every file, the manifest included) for {@code sha256sum -c}. The export is
 * audited ({@code evidence_exported}, with the SHA-256 of {@code SHA256SUMS} and of the zip). Thread-safe.
 */
@Component
public class EvidenceApi {

    public static final String MEDIA_TYPE = "application/zip";
    /** Audit kind of an export. */
    public static final String EVIDENCE_EXPORTED = "evidence_exported";
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String FORMAT = "deepseaguard-evidence/1";

    private final EvidenceService evidence;
    private final TrackApi trackApi;
    private final StatusService status;
    private final ObjectMapper json;
    private final ObjectWriter pretty;
    private final AuditLog audit;
    private final Clock clock;

    public EvidenceApi(EvidenceService evidence, TrackApi trackApi,
                       StatusService status, ObjectMapper json, AuditLog audit, Clock clock) {
        this.evidence = evidence;
        this.trackApi = trackApi;
        this.status = status;
        this.json = json;
        this.pretty = json.writerWithDefaultPrettyPrinter();
        this.audit = audit;
        this.clock = clock;
    }

    public ApiResponse export(Map<String, Object> query, AuditActor caller) {
        QueryParams p = new QueryParams(query);
        String auvId = p.text("auv_id");
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        p.check();
        List<FieldError> missing = new ArrayList<>();
        if (auvId == null) {
            missing.add(new FieldError("auv_id", "is required"));
        }
        if (from == null) {
            missing.add(new FieldError("from", "is required"));
        }
        if (to == null) {
            missing.add(new FieldError("to", "is required"));
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing);
        }
        if (!from.isBefore(to)) {
            throw new InvalidInputException(List.of(new FieldError("to", "must be after from (" + from + ")")));
        }
        status.get(auvId);
        List<Telemetry> fixes = trackApi.appliedFixes(auvId, from, to);
        EvidenceService.Evidence found = evidence.collect(auvId, from, to);
        Instant generatedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("violations.json", write(found.violations()));
        files.put("events.json", write(found.events()));
        files.put("track.geojson", write(trackApi.geoJson(auvId, from, to, fixes)));
        ArrayNode versions = json.createArrayNode();
        found.zones().forEach((zoneId, byVersion) -> byVersion.values().forEach(v -> version(files, versions, "zone",
                zoneId, "zones/" + fileName(zoneId) + ".v" + v.version() + ".geojson", v, v.content())));
        found.rules().forEach((ruleId, byVersion) -> byVersion.values().forEach(v -> version(files, versions, "rule",
                ruleId, "rules/" + fileName(ruleId) + ".v" + v.version() + ".json", v, v.content())));
        files.put("audit.json", write(found.audit().stream().map(EvidenceApi::auditEntry).toList()));
        found.registrations().values().forEach(v -> version(files, versions, "registration", auvId,
                "registrations/" + fileName(auvId) + ".v" + v.version() + ".json", v,
                v.content() == null ? null : new String(write(v.content()), StandardCharsets.UTF_8)));

        ObjectNode manifest = json.createObjectNode()
                .put("format", FORMAT)
                .put("auv_id", auvId)
                .put("from", from.toString())
                .put("to", to.toString())
                .put("generated_at", generatedAt.toString());
        manifest.putObject("generated_by")
                .put("name", caller.name())
                .put("role", caller.role());
        manifest.putObject("counts")
                .put("violations", found.violations().size())
                .put("events", found.events().size())
                .put("fixes", fixes.size())
                .put("zone_versions", found.zones().values().stream().mapToInt(Map::size).sum())
                .put("rule_versions", found.rules().values().stream().mapToInt(Map::size).sum())
                .put("registration_versions", found.registrations().size())
                .put("audit_entries", found.audit().size());
        manifest.set("versions", versions);
        Map<String, String> hashes = new LinkedHashMap<>();
        ArrayNode listed = manifest.putArray("files");
        files.forEach((path, bytes) -> {
            hashes.put(path, AuditHash.sha256(bytes));
            listed.addObject().put("path", path).put("sha256", hashes.get(path)).put("bytes", bytes.length);
        });
        files.put("manifest.json", write(manifest));
        hashes.put("manifest.json", AuditHash.sha256(files.get("manifest.json")));

        StringBuilder sums = new StringBuilder();
        hashes.forEach((path, hash) -> sums.append(hash).append("  ").append(path).append('\n'));
        files.put("SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip(files, generatedAt);

        // the export itself is evidence: who took which package (its SHA256SUMS hash to compare later)
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("auv_id", auvId);
        exported.put("from", from.toString());
        exported.put("to", to.toString());
        exported.put("generated_at", generatedAt.toString());
        exported.put("sha256sums_sha256", AuditHash.sha256(files.get("SHA256SUMS")));
        exported.put("zip_sha256", AuditHash.sha256(zip));
        exported.put("zip_bytes", zip.length);
        audit.record(caller, EVIDENCE_EXPORTED, exported);
        String name = "evidence-" + fileName(auvId) + "-" + FILE_TIME.format(from) + "-" + FILE_TIME.format(to) + ".zip";
        return new ApiResponse(200, zip, MEDIA_TYPE, Map.of("Content-Disposition", "attachment; filename=\"" + name + "\""));
    }

    /** An audit entry as the package holds it: the stored payload text and {@code recorded_at} exactly as hashed. */
    private static Map<String, Object> auditEntry(AuditLogRepository.Row r) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", r.seq());
        entry.put("recorded_at", AuditHash.time(r.recordedAt()));
        entry.put("actor", r.actor());
        entry.put("actor_role", r.actorRole());
        entry.put("kind", r.kind());
        entry.put("payload_text", r.payload());
        entry.put("payload_sha256", r.payloadSha256());
        entry.put("prev_sha256", r.prevSha256());
        entry.put("entry_sha256", r.entrySha256());
        return entry;
    }

    /** A stored version with its content as stored (a deletion, without content, is listed in the manifest only). */
    private static void version(Map<String, byte[]> files, ArrayNode versions, String kind, String id, String path,
                                StoredVersion<?> v, String content) {
        ObjectNode entry = versions.addObject().put("kind", kind).put("id", id).put("version", v.version())
                .put("change_type", v.changeType()).put("changed_at", v.changedAt().toString());
        if (content == null) {
            entry.putNull("path");
        } else {
            entry.put("path", path);
            files.put(path, content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private byte[] write(Object value) {
        try {
            return pretty.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids as file names: characters other than letters, digits, '.', '_' and '-' become '_' plus a hash to keep names apart. */
    static String fileName(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(id) && !safe.startsWith(".")) {
            return safe;
        }
        return safe.replaceFirst("^\\.", "_") + "-" + AuditHash.sha256(id.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    }

    private static byte[] zip(Map<String, byte[]> files, Instant time) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(time.toEpochMilli());
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
