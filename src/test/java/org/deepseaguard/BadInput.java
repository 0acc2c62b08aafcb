package org.deepseaguard;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile input for the property-based tests (docs/reliability.md, "Bad input"): raw
 * bytes, JSON text of every shape with the field names the hub reads, values of the wrong type,
 * numbers no double holds (1e400, 20-digit integers), unicode ids (emoji, right-to-left marks, NUL,
 * lone surrogates) and deep nesting. Everything is JSON <em>text</em>, so what is tried is what a
 * client could send.
 */
public final class BadInput {

    /** The hub's input reader ({@code JsonConfig#inputReader}): one value, NaN/Infinity read as numbers. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    public static final ObjectReader READER = MAPPER.reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Field names the decoders look at, so generated objects hit real fields. */
    public static final List<String> FIELDS = List.of("auv_id", "timestamp", "latitude", "longitude", "depth",
            "heading", "speed", "battery", "mission_id", "type", "features", "geometry", "coordinates",
            "properties", "zone_id", "name", "zone_type", "contract_id", "authorized_auvs", "min_depth",
            "max_depth", "valid_from", "valid_to", "source", "rule_id", "severity", "enabled", "zone_ids",
            "zone_types", "auv_ids", "active_from", "active_to", "max_dwell_seconds", "max_speed_mps",
            "min_distance_m", "max_gap_seconds", "description", "Polygon", "MultiPolygon", "Feature");

    private BadInput() {
    }

    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** Strings a client might send as an id or a name. */
    public static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of("AUV-001", "", " ", "\u0000", "AUV\u0000", "🐙", "AUV-🐙", "\u202EAUV-001",
                        "\u05D0\u05D1\u05D2", "\uD800", "A\uDC00B", "\uFEFF", "x".repeat(65), "x".repeat(129),
                        "../../etc/passwd", "'; DROP TABLE zones; --", "critical", "open", "zone_entry",
                        "Feature", "Polygon", "restricted_zone", "apei", "2026-11-27T08:00:00Z",
                        "+999999999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "NaN", "1e400"),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20));
    }

    /** Number literals, most of them awkward. */
    public static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e400", "-1e400", "1e-400", "12345678901234567890", "-12345678901234567890",
                        "9223372036854775808", "-0", "0", "0.0", "NaN", "Infinity", "-Infinity", "360", "90.0000001",
                        "11000.000000000001", "1E308", "4.9E-324", "123456789012345678901234567890.5"),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.doubles().between(-200, 200).map(d -> Double.toString(d)));
    }

    /** Any JSON value, nested at most {@code depth} deep, objects keyed mostly by {@link #FIELDS}. */
    public static Arbitrary<String> json(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "{}", "[]"),
                numbers(),
                strings().map(BadInput::quote));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FIELDS), strings());
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(key, inner).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(
                Tuple.of(2, leaf), Tuple.of(2, array), Tuple.of(4, object));
    }

    /** A telemetry fix whose fields are each a valid value or something hostile; {@code auvId} valid or not. */
    public static Arbitrary<String> fixLike(Arbitrary<String> auvId) {
        Arbitrary<String> anything = json(1);
        Arbitrary<String> ts = Arbitraries.oneOf(Arbitraries.just("\"" + java.time.Instant.now().minusSeconds(3600) + "\""),
                anything);
        Arbitrary<String> lat = Arbitraries.oneOf(Arbitraries.doubles().between(-90, 90).map(d -> Double.toString(d)), anything);
        Arbitrary<String> lon = Arbitraries.oneOf(Arbitraries.doubles().between(-180, 180).map(d -> Double.toString(d)), anything);
        Arbitrary<String> depth = Arbitraries.oneOf(Arbitraries.doubles().between(0, 11000).map(d -> Double.toString(d)), anything);
        Arbitrary<String> extra = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("heading", "speed", "battery", "mission_id", "auv_id"), anything)
                        .as((k, v) -> ",\"" + k + "\":" + v));
        return Combinators.combine(auvId, ts, lat, lon, depth, extra).as((a, t, la, lo, d, x) ->
                "{\"auv_id\":" + a + ",\"timestamp\":" + t + ",\"latitude\":" + la + ",\"longitude\":" + lo
                        + ",\"depth\":" + d + x + "}");
    }

    /** Arrays (or objects) nested up to 100,000 deep, closed or not. */
    public static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(900, 100_000), Arbitraries.of("[", "{\"a\":"),
                Arbitraries.of(true, false)).as((n, open, closed) -> {
                    String close = open.equals("[") ? "]" : "}";
                    return open.repeat(n) + "1" + (closed ? close.repeat(n) : "");
                });
    }

    /** Everything above, as the bytes of a request or message body. */
    public static Arbitrary<byte[]> body(Arbitrary<String> auvId) {
        return Arbitraries.oneOf(bytes(), bodyText(auvId).map(BadInput::utf8));
    }

    /** JSON-ish request bodies: any value, a fix, an array of fixes, NDJSON lines, deep nesting. */
    public static Arbitrary<String> bodyText(Arbitrary<String> auvId) {
        return Arbitraries.oneOf(
                json(3),
                fixLike(auvId),
                fixLike(auvId).list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
                fixLike(auvId).list().ofMaxSize(5).map(l -> String.join("\n", l)),
                deepNesting());
    }

    /** A GeoJSON Feature or FeatureCollection with hostile geometry, coordinates and properties. */
    public static Arbitrary<String> zoneLike() {
        Arbitrary<String> number = Arbitraries.oneOf(numbers(), Arbitraries.doubles().between(-181, 181).map(d -> Double.toString(d)));
        Arbitrary<String> position = Arbitraries.oneOf(number.list().ofMinSize(0).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                json(1));
        Arbitrary<String> ring = position.list().ofMaxSize(8).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> polygon = ring.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> coordinates = Arbitraries.oneOf(polygon,
                polygon.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"), json(2));
        Arbitrary<String> geometry = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("Polygon", "MultiPolygon", "Point", "LineString", "GeometryCollection")
                        .map(BadInput::quote), json(1)), coordinates)
                .as((t, c) -> "{\"type\":" + t + ",\"coordinates\":" + c + "}");
        Arbitrary<String> properties = Arbitraries.oneOf(json(2), Combinators.combine(
                Arbitraries.oneOf(strings().map(BadInput::quote), json(1)),
                Arbitraries.oneOf(Arbitraries.of("custom", "apei", "closed_area").map(BadInput::quote), json(1)),
                Arbitraries.oneOf(numbers(), json(1)), Arbitraries.oneOf(numbers(), json(1)),
                Arbitraries.oneOf(strings().map(BadInput::quote), json(1)),
                Arbitraries.oneOf(strings().map(BadInput::quote).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"), json(1)))
                .as((id, type, min, max, from, auvs) -> "{\"zone_id\":" + id + ",\"zone_type\":" + type + ",\"min_depth\":" + min
                        + ",\"max_depth\":" + max + ",\"valid_from\":" + from + ",\"authorized_auvs\":" + auvs + "}"));
        Arbitrary<String> feature = Combinators.combine(Arbitraries.oneOf(geometry, json(1)), properties)
                .as((g, p) -> "{\"type\":\"Feature\",\"geometry\":" + g + ",\"properties\":" + p + "}");
        return Arbitraries.oneOf(feature,
                Arbitraries.oneOf(feature, json(2)).list().ofMaxSize(4)
                        .map(l -> "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", l) + "]}"),
                json(3), deepNesting());
    }

    /** A rule object whose fields are each plausible or hostile. */
    public static Arbitrary<String> ruleLike() {
        Arbitrary<String> any = json(1);
        Arbitrary<String> text = Arbitraries.oneOf(strings().map(BadInput::quote), any);
        Arbitrary<String> type = Arbitraries.oneOf(Arbitraries.of("restricted_zone", "unauthorized_entry", "depth_limit",
                "max_dwell", "speed_limit", "proximity", "telemetry_gap").map(BadInput::quote), any);
        Arbitrary<String> params = Combinators.combine(
                Arbitraries.of("min_depth", "max_depth", "max_dwell_seconds", "max_speed_mps", "min_distance_m",
                        "max_gap_seconds", "active_from", "active_to", "zone_ids", "zone_types", "auv_ids", "enabled",
                        "severity", "description"),
                Arbitraries.oneOf(numbers(), any)).as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
                .map(l -> l.isEmpty() ? "" : "," + String.join(",", l));
        return Arbitraries.oneOf(
                Combinators.combine(text, type, params).as((id, t, p) -> "{\"rule_id\":" + id + ",\"type\":" + t + p + "}"),
                json(3));
    }

    /** A JSON string literal; every character outside printable ASCII as a \\u escape (lone surrogates too). */
    public static String quote(String s) {
        return s.chars().mapToObj(c -> c == '"' ? "\\\"" : c == '\\' ? "\\\\"
                        : c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c))
                .collect(Collectors.joining("", "\"", "\""));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
