package org.deepseaguard.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deepseaguard.hub.config.DeepSeaGuardProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Secrets at rest (AES-GCM, bound to their subscription) and the webhook allow-list. */
class SubscriptionSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecretIsSealedBoundToItsSubscriptionAndOpensOnlyWithItsKey() {
        SecretBox box = new SecretBox(new byte[32]);
        String sealed = box.seal("ops-1", "the secret of ops-1");
        assertThat(sealed).startsWith("v1:").doesNotContain("the secret");
        assertThat(box.seal("ops-1", "the secret of ops-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.open("ops-1", sealed)).isEqualTo("the secret of ops-1");
        assertThatThrownBy(() -> box.open("ops-2", sealed)).isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretBox(other).open("ops-1", sealed)).isInstanceOf(IllegalStateException.class);
        String tampered = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("AAA") ? "BBB" : "AAA");
        assertThatThrownBy(() -> box.open("ops-1", tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedUnderTheDataDirAndKept() throws Exception {
        DeepSeaGuardProperties properties = properties(Map.of("deepseaguard.data-dir", dataDir.toString()));
        String sealed = new SecretBox(properties).seal("ops-1", "kept across restarts");
        assertThat(Files.readString(dataDir.resolve("alert-secret.key")).trim()).hasSize(44);
        assertThat(new SecretBox(properties).open("ops-1", sealed)).isEqualTo("kept across restarts");
    }

    @Test
    void stackRequiresAKeyAndAKeyMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretBox(properties(Map.of("deepseaguard.data-dir", dataDir.toString(),
                "deepseaguard.alerts.require-secret-key", "true"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deepseaguard.alerts.secret-key");
        assertThatThrownBy(() -> new SecretBox(properties(Map.of("deepseaguard.alerts.secret-key", "c2hvcnQ="))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThat(Files.exists(dataDir.resolve("alert-secret.key"))).isFalse();
    }

    @Test
    void webhookTargetsMustMatchTheAllowListOrBeLoopbackWhereThatIsAllowed() {
        WebhookAllowList list = new WebhookAllowList(List.of("https://ops.example/*", "https://hooks.example/v?/alerts"), true);
        assertThat(list.refusal("https://ops.example/hook")).isNull();
        assertThat(list.refusal("https://OPS.example/a/b?c=d")).isNull();
        assertThat(list.refusal("https://hooks.example/v2/alerts")).isNull();
        assertThat(list.refusal("http://127.0.0.1:9000/x")).isNull();
        assertThat(list.refusal("http://localhost/x")).isNull();
        assertThat(list.refusal("http://[::1]:8080/x")).isNull();
        assertThat(list.refusal("https://ops.example.evil.example/hook")).contains("allow-list");
        assertThat(list.refusal("http://ops.example/hook")).contains("allow-list");
        assertThat(list.refusal("https://hooks.example/v22/alerts")).contains("allow-list");
        assertThat(list.refusal("ftp://ops.example/x")).contains("http or https");
        assertThat(list.refusal("https://a:b@ops.example/x")).contains("user info");
        assertThat(list.refusal("https://ops.example/x#frag")).contains("fragment");
        assertThat(list.refusal("https://ops.example/{{spring.datasource.password}}")).contains("placeholders");
        assertThat(list.refusal("/relative")).contains("http or https");

        WebhookAllowList stack = new WebhookAllowList(List.of(), false);
        assertThat(stack.refusal("http://127.0.0.1:9000/x")).contains("empty");
        assertThat(stack.refusal("https://ops.example/hook")).contains("empty");
    }

    private static DeepSeaGuardProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("deepseaguard", DeepSeaGuardProperties.class);
    }
}
