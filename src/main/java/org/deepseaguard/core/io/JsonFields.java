package org.deepseaguard.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.deepseaguard.core.model.FieldError;

/**
 * Reads typed fields of one JSON object strictly (a number given as a string is an error) and
 * records a {@link FieldError} for every problem instead of stopping at the first. A field that
 * is absent or JSON null reads as {@code null}. Not thread-safe: one instance per object read.
 */
final class JsonFields {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]+");

    private final JsonNode object;
    private final String prefix;
    private final List<FieldError> errors;

    /** {@code prefix} is put before every field name in errors, e.g. {@code features[3].properties.}. */
    JsonFields(JsonNode object, String prefix, List<FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    void error(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    /** The field's value, or {@code null} when absent or JSON null (an error too when required). */
    JsonNode value(String field, boolean required) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        return v;
    }

    String text(String field, boolean required) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        if (v.textValue().indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold it: refused here rather than failing the batch's transaction
            error(field, "must not contain the NUL character (U+0000)");
            return null;
        }
        return v.textValue();
    }

    /** A string of 1 to {@code maxLength} characters of [A-Za-z0-9_.-]. */
    String identifier(String field, int maxLength, boolean required) {
        return checkIdentifier(field, text(field, required), maxLength);
    }

    String checkIdentifier(String field, String value, int maxLength) {
        if (value != null && (value.length() > maxLength || !IDENTIFIER.matcher(value).matches())) {
            error(field, "must be 1-" + maxLength + " characters of [A-Za-z0-9_.-]");
            return null;
        }
        return value;
    }

    /** A finite JSON number. */
    Double number(String field, boolean required) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            error(field, "must be a number");
            return null;
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            error(field, "must be a finite number");
            return null;
        }
        return d;
    }

    /** A finite JSON number inside [min, max]. */
    Double number(String field, boolean required, double min, double max) {
        Double d = number(field, required);
        if (d != null && (d < min || d > max)) {
            error(field, max == Double.POSITIVE_INFINITY ? "must be >= " + format(min)
                    : "must be between " + format(min) + " and " + format(max));
            return null;
        }
        return d;
    }

    /** An ISO-8601 date-time with a UTC offset or Z, e.g. {@code 2026-11-27T08:00:00Z}. */
    Instant instant(String field, boolean required) {
        JsonNode v = value(field, required);
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        error(field, "must be an ISO-8601 date-time string with offset, e.g. 2026-11-27T08:00:00Z");
        return null;
    }

    static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
