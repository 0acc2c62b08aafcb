package org.deepseaguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.deepseaguard.BadInput;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Telemetry;
import org.deepseaguard.core.model.ZoneType;

/**
 * Properties of the core decoders under hostile input ({@link BadInput}): the JSON reader refuses
 * what is not one JSON value with a {@link IOException}; {@link TelemetryReader} never throws and
 * answers a valid fix or the reasons, never both; {@link GeoJsonZones} answers zones or an
 * {@link InvalidInputException}, nothing else.
 */
class CoreDecodersPropertyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    @Property(tries = 1000)
    void telemetryReaderAnswersAFixOrTheReasons(@ForAll("telemetryBodies") byte[] body) {
        Optional<JsonNode> node = parse(body);
        if (node.isEmpty()) {
            return;
        }
        TelemetryReader.Result result = TelemetryReader.read(node.get(), NOW, Duration.ofMinutes(5));
        if (result.isValid()) {
            assertThat(result.errors()).isEmpty();
            Telemetry fix = result.fix();
            assertThat(fix.auvId()).matches("[A-Za-z0-9_.-]{1,64}");
            assertThat(fix.latitude()).isBetween(-90.0, 90.0);
            assertThat(fix.longitude()).isBetween(-180.0, 180.0);
            assertThat(fix.depth()).isBetween(0.0, 11000.0);
            assertThat(fix.timestamp()).isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(5)));
        } else {
            assertThat(result.errors()).isNotEmpty();
        }
    }

    @Property(tries = 1000)
    void zoneImportAnswersZonesOrInvalidInput(@ForAll("zones") String body, @ForAll("mappings") PropertyMapping mapping) {
        Optional<JsonNode> node = parse(BadInput.utf8(body));
        if (node.isEmpty()) {
            return;
        }
        try {
            GeoJsonZones.read(node.get(), mapping).forEach(zone -> {
                assertThat(zone.zoneId()).isNotBlank();
                assertThat(zone.geometry().isValid()).as(zone.zoneId()).isTrue();
            });
        } catch (InvalidInputException e) {
            assertThat(e.errors()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<byte[]> telemetryBodies() {
        return BadInput.body(Arbitraries.oneOf(Arbitraries.just("\"AUV-1\""), BadInput.strings().map(BadInput::quote),
                BadInput.json(1)));
    }

    @Provide
    Arbitrary<String> zones() {
        return BadInput.zoneLike();
    }

    @Provide
    Arbitrary<PropertyMapping> mappings() {
        return Arbitraries.of(PropertyMapping.NATIVE,
                new PropertyMapping("zone_id", "name", ZoneType.CUSTOM, "contract_id"),
                new PropertyMapping("min_depth", "valid_from", ZoneType.APEI, "authorized_auvs"));
    }

    /** What the hub's input reader makes of the bytes; empty when it refuses them (the decoders' 400). */
    static Optional<JsonNode> parse(byte[] body) {
        try {
            JsonNode node = BadInput.READER.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException refused) {
            return Optional.empty();
        }
    }
}
