package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deepseaguard.hub.config.ApiKeyRequirement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Profile {@code stack} requires API keys: the start fails, before connecting anywhere, without them.
 * So does any profile bound to a non-loopback address (issue 9, docs/reliability.md "Access").
 */
class StackProfileTest {

    @Test
    void noProfileStartsOnANonLoopbackAddressWithoutApiKeys() {
        for (String address : new String[] {"--server.address=0.0.0.0", "--server.address=", "--server.address=192.0.2.10"}) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(DeepSeaGuardApplication.class)
                    .properties("server.port=0", "deepseaguard.demo.enabled=false")
                    .run(address).close())
                    .as(address)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("deepseaguard.security.api-keys must be configured")
                    .hasMessageContaining("loopback address");
        }
    }

    @Test
    void loopbackAddressesAreKnown() {
        assertThat(ApiKeyRequirement.loopback("127.0.0.1")).isTrue();
        assertThat(ApiKeyRequirement.loopback("127.1.2.3")).isTrue();
        assertThat(ApiKeyRequirement.loopback("::1")).isTrue();
        assertThat(ApiKeyRequirement.loopback("[::1]")).isTrue();
        assertThat(ApiKeyRequirement.loopback("localhost")).isTrue();
        assertThat(ApiKeyRequirement.loopback(null)).isFalse();
        assertThat(ApiKeyRequirement.loopback("0.0.0.0")).isFalse();
        assertThat(ApiKeyRequirement.loopback("::")).isFalse();
        assertThat(ApiKeyRequirement.loopback("10.0.0.1")).isFalse();
    }

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
