package org.deepseaguard.hub.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.rules.ParameterReader;

/**
 * Reads typed fields of one JSON object and collects a {@link FieldError} for every field that is
 * missing or of the wrong kind, so a client learns every problem at once. Field names in errors
 * carry {@code prefix} (e.g. {@code [2].} for the third item of an array). Also the
 * {@link ParameterReader} rule types read their parameters through.
 */
final class JsonInput implements ParameterReader {

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;

    JsonInput(JsonNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        if (!node.isObject()) {
            error(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object");
        }
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    void error(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    String text(String field, boolean required) {
        JsonNode v = value(field);
        if (v == null) {
            if (required && node.isObject()) {
                error(field, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        return v.asText();
    }

    @Override
    public Double number(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            error(field, "must be a finite number");
            return null;
        }
        return v.asDouble();
    }

    @Override
    public Long integer(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            error(field, "must be an integer");
            return null;
        }
        return v.asLong();
    }

    boolean bool(String field, boolean defaultValue) {
        JsonNode v = value(field);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            error(field, "must be true or false");
            return defaultValue;
        }
        return v.asBoolean();
    }

    Instant instant(String field) {
        String text = text(field, false);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            error(field, "must be an ISO-8601 UTC time such as 2026-11-27T08:00:00Z");
            return null;
        }
    }

    List<String> strings(String field) {
        return list(field, v -> v.isTextual() ? v.asText() : null, "must be an array of strings");
    }

    <E> E enumValue(String field, Function<String, E> parse, boolean required) {
        String text = text(field, required);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    <E> List<E> enums(String field, Function<String, E> parse) {
        return list(field, v -> {
            if (!v.isTextual()) {
                return null;
            }
            try {
                return parse.apply(v.asText());
            } catch (IllegalArgumentException e) {
                error(field, e.getMessage());
                return null;
            }
        }, "must be an array of strings");
    }

    private <E> List<E> list(String field, Function<JsonNode, E> item, String message) {
        JsonNode v = value(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            error(field, message);
            return List.of();
        }
        List<E> out = new ArrayList<>();
        int errorsBefore = errors.size();
        for (JsonNode element : v) {
            E e = item.apply(element);
            if (e == null) {
                if (errors.size() == errorsBefore) {
                    error(field, message);
                }
                return List.of();
            }
            out.add(e);
        }
        return out;
    }
}
