package org.deepseaguard.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

/** MQTT topics and Kafka keys bind a message to one vehicle: fixes of other vehicles are refused. */
class ChannelBindingTest {

    private final ChannelBinding binding = new ChannelBinding(new ObjectMapper(), new IngestProperties(
            null, new IngestProperties.Mqtt(true, "deepseaguard/auv/+/telemetry", 1, null, true, 0), null));

    @Test
    void anMqttFixMustBeForTheVehicleItsTopicNames() {
        assertThatCode(() -> binding.checkMqtt("deepseaguard/auv/AUV-1/telemetry", bytes("{\"auv_id\":\"AUV-1\"}")))
                .doesNotThrowAnyException();

        InvalidInputException refused = catchThrowableOfType(() -> binding.checkMqtt("deepseaguard/auv/AUV-1/telemetry",
                bytes("[{\"auv_id\":\"AUV-1\"},{\"auv_id\":\"AUV-2\"}]")), InvalidInputException.class);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("[1].auv_id");
        assertThat(refused.errors().get(0).message()).isEqualTo("AUV-2 is not the vehicle of topic deepseaguard/auv/AUV-1/telemetry");
    }

    @Test
    void aKeyedKafkaRecordMustBeForTheVehicleOfItsKey() {
        assertThatCode(() -> binding.checkKafka("AUV-7", bytes("{\"auv_id\":\"AUV-7\"}"))).doesNotThrowAnyException();
        assertThatCode(() -> binding.checkKafka(null, bytes("{\"auv_id\":\"AUV-8\"}"))).as("unkeyed").doesNotThrowAnyException();

        InvalidInputException refused = catchThrowableOfType(() -> binding.checkKafka("AUV-7", bytes("{\"auv_id\":\"AUV-8\"}")),
                InvalidInputException.class);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("auv_id");
    }

    @Test
    void whatIsNotJsonIsLeftToThePipeline() {
        assertThatCode(() -> binding.checkMqtt("deepseaguard/auv/AUV-1/telemetry", bytes("not json"))).doesNotThrowAnyException();
        assertThatCode(() -> binding.checkMqtt("deepseaguard/auv/AUV-1/telemetry", bytes("{\"auv_id\":5}"))).doesNotThrowAnyException();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
