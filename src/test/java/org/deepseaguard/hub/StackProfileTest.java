package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Profile {@code stack} requires API keys: the start fails, before connecting anywhere, without them. */
class StackProfileTest {

    @Test
    void stackProfileRefusesToStartWithoutApiKeys() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DeepSeaGuardApplication.class)
                .profiles("stack")
                .properties("server.port=0")
                .run().close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deepseaguard.security.api-keys");
    }
}
