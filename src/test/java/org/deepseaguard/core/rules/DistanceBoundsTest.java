package org.deepseaguard.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deepseaguard.core.geo.Geodesy;
import org.junit.jupiter.api.Test;

class DistanceBoundsTest {

    @Test
    void theUpperBoundIsNeverBelowTheGeodesicAndTightForShortSteps() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double lon1 = random.nextDouble() * 360 - 180;
            double lat1 = random.nextDouble() * 178 - 89;
            double scale = i % 2 == 0 ? 0.05 : 40; // short steps and long legs
            double lon2 = wrap(lon1 + (random.nextDouble() - 0.5) * scale);
            double lat2 = Math.max(-90, Math.min(90, lat1 + (random.nextDouble() - 0.5) * scale));
            double geodesic = Geodesy.distance(lon1, lat1, lon2, lat2);
            double bound = DistanceBounds.upperBoundMetres(lon1, lat1, lon2, lat2);
            assertThat(bound).as("%s %s -> %s %s", lon1, lat1, lon2, lat2).isGreaterThanOrEqualTo(geodesic);
            if (scale < 1 && Math.abs(lat1) < 60) {
                assertThat(bound).isLessThanOrEqualTo(geodesic * 1.02 + 1e-3);
            }
        }
    }

    @Test
    void acrossTheAntimeridianTheBoundIsTheShortWay() {
        double bound = DistanceBounds.upperBoundMetres(179.99, 0, -179.99, 0);
        assertThat(bound).isLessThan(2300).isGreaterThanOrEqualTo(Geodesy.distance(179.99, 0, -179.99, 0));
    }

    private static double wrap(double lon) {
        return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    }
}
