package org.deepseaguard.hub.api;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;

/**
 * Reads query parameters (Camel passes them as headers) and collects an error naming each bad
 * one; {@link #check()} throws them all at once.
 */
final class QueryParams {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Map<String, Object> params;
    private final List<FieldError> errors = new ArrayList<>();

    QueryParams(Map<String, Object> params) {
        this.params = params;
    }

    String text(String name) {
        Object v = params.get(name);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        return s.isBlank() ? null : s;
    }

    /** An ISO-8601 time; a '+' of an offset that arrived unencoded (as a space) is taken as '+'. */
    Instant instant(String name) {
        return parse(name, s -> OffsetDateTime.parse(s.replace(' ', '+')).toInstant(),
                "must be an ISO-8601 time such as 2026-11-27T08:00:00Z");
    }

    <E> E oneOf(String name, Function<String, E> parse, String allowed) {
        return parse(name, parse, "must be one of " + allowed);
    }

    int integer(String name, int defaultValue, int min, int max) {
        Integer v = parse(name, Integer::valueOf, "must be an integer between " + min + " and " + max);
        if (v == null) {
            return defaultValue;
        }
        if (v < min || v > max) {
            errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
            return defaultValue;
        }
        return v;
    }

    /** {@code limit}: 100 when absent; a positive integer, larger values taken as the maximum, 1000. */
    int limit() {
        String message = "must be a positive integer (at most " + MAX_LIMIT + " are returned)";
        BigInteger v = parse("limit", BigInteger::new, message);
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        if (v.signum() < 1) {
            errors.add(new FieldError("limit", message));
            return DEFAULT_LIMIT;
        }
        return v.min(BigInteger.valueOf(MAX_LIMIT)).intValue();
    }

    int offset() {
        return integer("offset", 0, 0, Integer.MAX_VALUE);
    }

    /** @throws InvalidInputException when any parameter was bad */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private <T> T parse(String name, Function<String, T> parser, String message) {
        String s = text(name);
        if (s == null) {
            return null;
        }
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            errors.add(new FieldError(name, message));
            return null;
        }
    }
}
