package org.deepseaguard.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.deepseaguard.core.engine.ExitHysteresis;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code deepseaguard.engine.hysteresis}: bound by zone type, and a bad setting stops the start naming it. */
class EnginePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EngineProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void noSettingsIsNoHysteresis() {
        runner.run(context -> assertThat(context.getBean(EngineProperties.class).exitHysteresis()).isEmpty());
    }

    @Test
    void settingsAreBoundByZoneType() {
        runner.withPropertyValues(
                        "deepseaguard.engine.hysteresis.apei.exit-metres=200",
                        "deepseaguard.engine.hysteresis.contract_area.exit-fixes=3",
                        "deepseaguard.engine.hysteresis.[closed_area].exit-metres=50.5",
                        "deepseaguard.engine.hysteresis.[closed_area].exit-fixes=2",
                        "deepseaguard.engine.hysteresis.preservation-reference-zone.exit-fixes=4")
                .run(context -> assertThat(context.getBean(EngineProperties.class).exitHysteresis()).isEqualTo(Map.of(
                        ZoneType.APEI, ExitHysteresis.metres(200),
                        ZoneType.CONTRACT_AREA, ExitHysteresis.fixes(3),
                        ZoneType.CLOSED_AREA, new ExitHysteresis(50.5, 2),
                        ZoneType.PRESERVATION_REFERENCE_ZONE, ExitHysteresis.fixes(4))));
    }

    @Test
    void anUnknownZoneTypeStopsTheStart() {
        assertFails("deepseaguard.engine.hysteresis.reef.exit-fixes=3",
                "deepseaguard.engine.hysteresis.reef: unknown zone type 'reef'");
    }

    @Test
    void valuesMustBePositive() {
        assertFails("deepseaguard.engine.hysteresis.apei.exit-metres=-5",
                "deepseaguard.engine.hysteresis.apei.exit-metres must be a positive number of metres, got -5.0");
        assertFails("deepseaguard.engine.hysteresis.apei.exit-fixes=0",
                "deepseaguard.engine.hysteresis.apei.exit-fixes must be a positive number of fixes, got 0");
    }

    @Test
    void aMisspeltSettingStopsTheStart() {
        runner.withPropertyValues("deepseaguard.engine.hysteresis.apei.exit-meters=200")
                .run(context -> assertThat(context).hasFailed());
    }

    private void assertFails(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            StringBuilder all = new StringBuilder();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertThat(all.toString()).contains(message);
        });
    }
}
