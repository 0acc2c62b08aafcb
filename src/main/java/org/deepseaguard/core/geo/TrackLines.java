package org.deepseaguard.core.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a vehicle's track (positions in time order) into lines that never cross the antimeridian,
 * as RFC 7946 section 3.1.9 asks of GeoJSON: two consecutive positions more than 180° of longitude
 * apart are taken to cross it the short way (as the speed rule does), and the line is cut there,
 * ending at longitude 180 (or -180) and going on from the opposite side at the same latitude. That
 * latitude is interpolated linearly in (longitude, latitude), the way a map draws the leg.
 *
 * <p>Positions are {@code {longitude, latitude}} in degrees, longitudes in [-180, 180]. A track that
 * never crosses is one line holding every position, one per fix, repeated positions included; a
 * cut adds a boundary point on each side (unless a fix lies exactly there). A line left with a
 * single position (a fix on the antimeridian itself) is dropped: the next line starts at that same
 * point. Stateless and thread-safe.
 */
public final class TrackLines {

    private TrackLines() {
    }

    /**
     * The lines of a track.
     *
     * @param positions {@code {longitude, latitude}} in time order
     * @return one or more lines (none for an empty track), each with at least two positions, except
     *         a track of a single position, returned as one line of that position
     */
    public static List<List<double[]>> split(List<double[]> positions) {
        List<List<double[]>> lines = new ArrayList<>();
        if (positions.isEmpty()) {
            return lines;
        }
        List<double[]> line = new ArrayList<>();
        double[] previous = positions.get(0);
        line.add(previous);
        for (int i = 1; i < positions.size(); i++) {
            double[] p = positions.get(i);
            double dLon = p[0] - previous[0];
            if (Math.abs(dLon) > 180) {
                // eastward across 180 when the longitude jumps down (179 -> -179), westward otherwise
                double edge = dLon < 0 ? 180 : -180;
                double unwrapped = p[0] + (dLon < 0 ? 360 : -360);
                double t = (edge - previous[0]) / (unwrapped - previous[0]);
                double lat = previous[1] + t * (p[1] - previous[1]);
                addDistinct(line, new double[] {edge, lat});
                finish(lines, line);
                line = new ArrayList<>();
                line.add(new double[] {-edge, lat});
                addDistinct(line, p);
            } else {
                line.add(p);
            }
            previous = p;
        }
        if (lines.isEmpty() || line.size() > 1) {
            lines.add(line);
        }
        return lines;
    }

    private static void finish(List<List<double[]>> lines, List<double[]> line) {
        if (line.size() > 1) {
            lines.add(line);
        }
    }

    private static void addDistinct(List<double[]> line, double[] p) {
        double[] last = line.get(line.size() - 1);
        if (last[0] != p[0] || last[1] != p[1]) {
            line.add(p);
        }
    }
}
