package org.deepseaguard.hub.api;

import java.util.List;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.hub.service.AuditActor;
import org.deepseaguard.hub.service.RuleService;
import org.springframework.stereotype.Component;

/** {@code /api/v1/rules}: rules are data, every change versioned. */
@Component
public class RuleApi {

    /** {@code {"status":"created","rule_ids":[...],"rules":[...]}} */
    public record Created(String status, List<String> ruleIds, List<Rule> rules) {
    }

    private final RuleService rules;
    private final RequestJson requestJson;

    public RuleApi(RuleService rules, RequestJson requestJson) {
        this.rules = rules;
        this.requestJson = requestJson;
    }

    public ApiResponse list() {
        return ApiResponse.ok(rules.all());
    }

    public ApiResponse create(byte[] body, AuditActor actor) {
        List<Rule> created = rules.create(requestJson.parse(body), actor);
        return ApiResponse.created(new Created("created", created.stream().map(Rule::ruleId).toList(), created));
    }

    public ApiResponse get(String ruleId) {
        return ApiResponse.ok(rules.get(ruleId));
    }

    public ApiResponse update(String ruleId, byte[] body, AuditActor actor) {
        return ApiResponse.ok(rules.update(ruleId, requestJson.parseObject(body), actor));
    }

    public ApiResponse delete(String ruleId, AuditActor actor) {
        rules.delete(ruleId, actor);
        return ApiResponse.noContent();
    }
}
