package org.deepseaguard.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deepseaguard.hub.service.VehicleScope;
import org.junit.jupiter.api.Test;

/** Key entries ({@code <sha256>:<role>[:<name>]}), their scopes, and how scope globs match. */
class ApiKeysTest {

    @Test
    void twoAndThreePartEntries() {
        ApiKeys keys = new ApiKeys(List.of(ApiKeys.sha256("a") + ":admin", ApiKeys.sha256("b") + ":ingest:gateway-1"),
                Map.of("gateway-1", "AUV-*"));
        assertThat(keys.identify("a")).hasValueSatisfying(id -> {
            assertThat(id.role()).isEqualTo(ApiKeyFilter.Role.ADMIN);
            // an unnamed key is named by the start of its hash (the audit actor)
            assertThat(id.name()).isEqualTo("key:" + ApiKeys.sha256("a").substring(0, 12));
            assertThat(id.actor().name()).isEqualTo(id.name());
            assertThat(id.actor().role()).isEqualTo("admin");
            assertThat(id.scope()).isNull();
        });
        assertThat(keys.identify("b")).hasValueSatisfying(id -> {
            assertThat(id.role()).isEqualTo(ApiKeyFilter.Role.INGEST);
            assertThat(id.name()).isEqualTo("gateway-1");
            assertThat(id.scope()).hasToString("AUV-*");
            assertThat(id.unrestricted()).isFalse();
        });
        assertThat(keys.identify("c")).isEmpty();
    }

    @Test
    void badEntriesStopTheStart() {
        assertThatThrownBy(() -> new ApiKeys(List.of("nothex:admin"), Map.of()))
                .hasMessageContaining("<sha256 hex>:<role>[:<name>]");
        assertThatThrownBy(() -> new ApiKeys(List.of(ApiKeys.sha256("a") + ":root"), Map.of()))
                .hasMessageContaining("unknown role");
        assertThatThrownBy(() -> new ApiKeys(List.of(ApiKeys.sha256("a") + ":ingest:x:y"), Map.of()))
                .hasMessageContaining("<sha256 hex>:<role>[:<name>]");
        // a scope for a key that has no such name (a role's default name does not count)
        assertThatThrownBy(() -> new ApiKeys(List.of(ApiKeys.sha256("a") + ":ingest"), Map.of("ingest", "AUV-*")))
                .hasMessageContaining("deepseaguard.security.scopes.ingest names no API key");
        assertThatThrownBy(() -> VehicleScope.parse(" , ")).hasMessageContaining("at least one");
    }

    @Test
    void globsMatchWholeIdsLiterallyExceptStarAndQuestionMark() {
        VehicleScope scope = VehicleScope.parse("AUV-00*, SIM-???, A.B");
        assertThat(scope.covers("AUV-001", id -> Optional.empty())).isTrue();
        assertThat(scope.covers("AUV-00", id -> Optional.empty())).isTrue();
        assertThat(scope.covers("AUV-010", id -> Optional.empty())).isFalse();
        assertThat(scope.covers("auv-001", id -> Optional.empty())).isFalse();
        assertThat(scope.covers("SIM-123", id -> Optional.empty())).isTrue();
        assertThat(scope.covers("SIM-12", id -> Optional.empty())).isFalse();
        assertThat(scope.covers("SIM-1234", id -> Optional.empty())).isFalse();
        assertThat(scope.covers("A.B", id -> Optional.empty())).isTrue();
        assertThat(scope.covers("AxB", id -> Optional.empty())).isFalse();
    }

    @Test
    void anOperatorEntryAsksForTheVehiclesOperator() {
        VehicleScope scope = VehicleScope.parse("operator:NORI");
        assertThat(scope.covers("V-1", id -> Optional.of("NORI"))).isTrue();
        assertThat(scope.covers("V-2", id -> Optional.of("TOML"))).isFalse();
        assertThat(scope.covers("V-3", id -> Optional.empty())).isFalse();
    }
}
