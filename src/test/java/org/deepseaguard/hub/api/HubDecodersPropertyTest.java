package org.deepseaguard.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deepseaguard.BadInput;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Severity;
import org.deepseaguard.core.model.ZoneEvent;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.deepseaguard.hub.service.PipelineMeters;
import org.deepseaguard.hub.service.RuleCodec;
import org.deepseaguard.hub.service.TelemetryBatch;
import org.deepseaguard.hub.service.TelemetryIntake;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Properties of the hub's decoders, called directly (many tries, no HTTP): the telemetry request
 * path ({@link TelemetryApi#decode} then {@link TelemetryIntake#read}, as route
 * {@code api-telemetry-post} runs them), {@link RuleCodec#read} and {@link QueryParams}. Hostile
 * input ({@link BadInput}) ends in a batch that accounts for every item, or in one of the
 * exceptions the API answers with 400/413; never in any other exception (a 500).
 */
class HubDecodersPropertyTest {

    private static final DeepSeaGuardProperties PROPERTIES = new Binder(new MapConfigurationPropertySource(
            Map.of("deepseaguard.telemetry.max-fixes-per-request", "3")))
            .bindOrCreate("deepseaguard", DeepSeaGuardProperties.class);
    private static final TelemetryApi API = new TelemetryApi(new RequestJson(BadInput.READER), PROPERTIES);
    private static final TelemetryIntake INTAKE = new TelemetryIntake(BadInput.MAPPER, BadInput.READER,
            Clock.systemUTC(), PROPERTIES, new PipelineMeters(new SimpleMeterRegistry()));
    private static final RuleCodec RULES = new RuleCodec(BadInput.MAPPER);

    @Property(tries = 1000)
    void aTelemetryRequestIsABatchOrAClientError(@ForAll("telemetryBodies") byte[] body,
                                                 @ForAll("contentTypes") String contentType) {
        try {
            Object decoded = API.decode(body, contentType);
            TelemetryBatch batch = INTAKE.read(decoded, "http");
            assertThat(batch.fixes().size() + batch.rejected().size()).isEqualTo(batch.received());
            batch.rejected().forEach(r -> assertThat(r.errors()).isNotEmpty());
        } catch (MalformedBodyException | TooManyFixesException e) {
            assertThat(ProblemMapper.toProblem(e, "/api/v1/telemetry").status()).isIn(400, 413);
        } catch (InvalidInputException e) {
            assertThat(e.errors()).isNotEmpty();
        }
    }

    @Property(tries = 1000)
    void aRuleIsReadOrRefusedWithReasons(@ForAll("rules") String body) {
        JsonNode node;
        try {
            node = BadInput.READER.readTree(body);
        } catch (java.io.IOException refused) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Rule rule = RULES.read(node, "", 1, errors);
        if (rule == null) {
            assertThat(errors).isNotEmpty();
        } else {
            assertThat(errors).isEmpty();
            assertThat(rule.ruleId()).matches("[A-Za-z0-9_.:-]{1,128}");
            assertThat(RULES.readStored(RULES.toText(rule), 1)).isEqualTo(rule);
        }
    }

    @Property(tries = 1000)
    void queryParametersAreReadOrRefusedWithReasons(@ForAll("queries") Map<String, Object> query) {
        QueryParams p = new QueryParams(query);
        p.text("auv_id");
        p.oneOf("severity", Severity::fromWire, "critical, warning, info");
        p.oneOf("type", ZoneEvent.Type::fromWire, "zone_entry, zone_exit");
        p.instant("since");
        p.instant("until");
        int limit = p.limit();
        int offset = p.offset();
        assertThat(limit).isBetween(1, QueryParams.MAX_LIMIT);
        assertThat(offset).isNotNegative();
        try {
            p.check();
        } catch (InvalidInputException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(error -> assertThat(query).containsKey(error.field()));
        }
    }

    @Provide
    Arbitrary<byte[]> telemetryBodies() {
        return BadInput.body(Arbitraries.oneOf(Arbitraries.just("\"AUV-1\""), BadInput.strings().map(BadInput::quote),
                BadInput.json(1)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/x-ndjson", "application/x-ndjson; charset=utf-8",
                "text/plain", "APPLICATION/X-NDJSON");
    }

    @Provide
    Arbitrary<String> rules() {
        return BadInput.ruleLike();
    }

    @Provide
    Arbitrary<Map<String, Object>> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(BadInput.strings(), BadInput.numbers(),
                Arbitraries.of("2026-11-27T08:00:00Z", "2026-11-27T08:00:00 01:00", "critical", "zone_exit", "open"));
        return Combinators.combine(
                Arbitraries.of("auv_id", "severity", "type", "since", "until", "limit", "offset", "status", "zone_id"),
                value).as(Map::entry).list().ofMaxSize(6).map(entries -> {
                    Map<String, Object> m = new HashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return m;
                });
    }
}
