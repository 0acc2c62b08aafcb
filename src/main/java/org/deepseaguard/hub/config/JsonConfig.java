package org.deepseaguard.hub.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import org.deepseaguard.core.model.Rule;
import org.deepseaguard.core.model.Violation;
import org.deepseaguard.hub.service.RuleCodec;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ObjectMapper of the hub is Spring Boot's (snake_case, ISO dates, unknown properties
 * ignored: see application.yml); this adds what the core records need on the wire, and the strict
 * reader for input.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer deepSeaGuardJson() {
        return builder -> builder.mixIn(Violation.class, ViolationMixIn.class)
                .serializerByType(Rule.class, new RuleSerializer());
    }

    /**
     * How the hub reads input (request bodies, broker messages): exactly one JSON value, nothing
     * after it; NaN and infinities are read as numbers so validation can name the field holding them.
     */
    @Bean
    ObjectReader inputReader(ObjectMapper json) {
        return json.reader()
                .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A rule in answers is {@link RuleCodec#write}'s form: its type's parameters as members, not a nested record. */
    public static final class RuleSerializer extends JsonSerializer<Rule> {
        @Override
        public void serialize(Rule rule, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeTree(RuleCodec.write(rule));
        }

        @Override
        public Class<Rule> handledType() {
            return Rule.class;
        }
    }

    /** {@code isOpen()} is a convenience, not a wire field. */
    @JsonIgnoreProperties({"open"})
    abstract static class ViolationMixIn {
    }
}
