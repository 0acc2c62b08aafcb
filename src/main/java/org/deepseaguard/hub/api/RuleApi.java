package org.deepseaguard.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.IfMatch;
import org.deepseaguard.hub.service.NotFoundException;
import org.deepseaguard.hub.service.RuleService;
import org.deepseaguard.hub.store.StoredVersion;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/rules}: rules are data, every change versioned and every version readable. A rule's
 * answers carry {@code ETag: "<version>"}; changes honour {@code If-Match}.
 */
@Component
public class RuleApi {

    /** {@code {"status":"created","rule_ids":[...],"rules":[...]}} */
    public record Created(String status, List<String> ruleIds, List<Rule> rules) {
    }

    /** {@code {"rule_id","versions":[...]}}, oldest first. */
    public record Versions(String ruleId, List<Version> versions) {
    }

    /** One version: {@code rule} is the rule as it was, {@code null} for a deletion. */
    public record Version(int version, String changeType, Instant changedAt, JsonNode rule) {
    }

    private final RuleService rules;
    private final RequestJson requestJson;
    private final ObjectMapper json;

    public RuleApi(RuleService rules, RequestJson requestJson, ObjectMapper json) {
        this.rules = rules;
        this.requestJson = requestJson;
        this.json = json;
    }

    public ApiResponse list() {
        return ApiResponse.ok(rules.all());
    }

    /** POST: create or replace; {@code ifMatch} (the header, may be null) holds for the one rule given. */
    public ApiResponse create(byte[] body, String ifMatch, AuditActor actor) {
        List<Rule> created = rules.create(requestJson.parse(body), IfMatch.parse(ifMatch), actor);
        ApiResponse answer = ApiResponse.created(new Created("created", created.stream().map(Rule::ruleId).toList(),
                created));
        return created.size() == 1 ? answer.withETag(created.get(0).version()) : answer;
    }

    public ApiResponse get(String ruleId) {
        Rule rule = rules.get(ruleId);
        return ApiResponse.ok(rule).withETag(rule.version());
    }

    /** PUT; {@code ifMatch} is the header (null when not sent). */
    public ApiResponse update(String ruleId, byte[] body, String ifMatch, AuditActor actor) {
        Rule updated = rules.update(ruleId, requestJson.parseObject(body), IfMatch.parse(ifMatch), actor);
        return ApiResponse.ok(updated).withETag(updated.version());
    }

    /** DELETE; {@code ifMatch} is the header (null when not sent). */
    public ApiResponse delete(String ruleId, String ifMatch, AuditActor actor) {
        rules.delete(ruleId, IfMatch.parse(ifMatch), actor);
        return ApiResponse.noContent();
    }

    /** Every version of the rule, oldest first; a deleted rule's too. */
    public ApiResponse versions(String ruleId) {
        List<Version> versions = rules.versions(ruleId).stream()
                .map(v -> new Version(v.version(), v.changeType(), v.changedAt(), rule(v)))
                .toList();
        return ApiResponse.ok(new Versions(ruleId, versions));
    }

    /** One version's rule JSON (with its {@code version}); 404 for a deletion. */
    public ApiResponse version(String ruleId, String version) {
        int number = VersionParam.parse(version);
        StoredVersion<String> v = rules.version(ruleId, number);
        if (v.content() == null) {
            throw new NotFoundException("rule", ruleId, number, "is its deletion and holds no rule");
        }
        return ApiResponse.ok(rule(v));
    }

    /** The stored definition as JSON with its version; null for a deletion. */
    private JsonNode rule(StoredVersion<String> v) {
        if (v.content() == null) {
            return null;
        }
        try {
            ObjectNode rule = (ObjectNode) json.readTree(v.content());
            rule.put("version", v.version());
            return rule;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored rule version " + v.version(), e);
        }
    }
}
