package org.deepseaguard.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7946 section 3.1.9: a track that crosses the antimeridian is cut there. */
class TrackLinesTest {

    @Test
    void aTrackThatDoesNotCrossIsOneLineWithEveryFix() {
        List<List<double[]>> lines = TrackLines.split(List.of(p(10, 1), p(10, 1), p(11, 2), p(-160, 3)));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsExactly(p(10, 1), p(10, 1), p(11, 2), p(-160, 3));
    }

    @Test
    void eastwardAcrossTheAntimeridianIsCutAtAnInterpolatedLatitude() {
        // 179 -> -179 is 2 degrees east; halfway (at 180) the latitude is halfway from 10 to 12
        List<List<double[]>> lines = TrackLines.split(List.of(p(178, 9), p(179, 10), p(-179, 12), p(-178, 13)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsExactly(p(178, 9), p(179, 10), p(180, 11));
        assertThat(lines.get(1)).containsExactly(p(-180, 11), p(-179, 12), p(-178, 13));
    }

    @Test
    void westwardAcrossTheAntimeridianIsCutToo() {
        // -179.5 -> 179 is 1.5 degrees west; 180 is a third of the way: latitude -20 + (-23 + 20) / 3 = -21
        List<List<double[]>> lines = TrackLines.split(List.of(p(-179.5, -20), p(179, -23)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get(1)[0]).isEqualTo(-180);
        assertThat(lines.get(0).get(1)[1]).isCloseTo(-21, within(1e-9));
        assertThat(lines.get(1).get(0)[0]).isEqualTo(180);
        assertThat(lines.get(1).get(0)[1]).isCloseTo(-21, within(1e-9));
        assertThat(lines.get(1).get(1)).isEqualTo(p(179, -23));
    }

    @Test
    void aFixOnTheAntimeridianIsNotRepeated() {
        List<List<double[]>> lines = TrackLines.split(List.of(p(179, 0), p(180, 1), p(-179, 2)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsExactly(p(179, 0), p(180, 1));
        assertThat(lines.get(1)).containsExactly(p(-180, 1), p(-179, 2));
    }

    @Test
    void oneFixIsOneLineOfOnePositionAndNoFixIsNoLine() {
        assertThat(TrackLines.split(List.of(p(5, 5)))).hasSize(1).first().asList().hasSize(1);
        assertThat(TrackLines.split(List.of())).isEmpty();
    }

    private static double[] p(double lon, double lat) {
        return new double[] {lon, lat};
    }
}
