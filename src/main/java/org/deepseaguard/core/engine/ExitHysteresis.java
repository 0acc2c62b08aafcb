package org.deepseaguard.core.engine;

/**
 * Exit hysteresis of one zone type (DESIGN section 5, optional, off by default): a vehicle inside
 * a zone of that type is only taken to have left it once a fix is more than {@code exitMetres}
 * away from the zone, or {@code exitFixes} consecutive applied fixes are outside it, whichever
 * comes first. Until then the exit is pending: no {@code zone_exit}, the zone's episodes stay
 * open, its entry time stays. The exit, once confirmed, is dated at the first fix outside (see
 * {@link ComplianceEngine} for the full semantics).
 *
 * <p>{@code exitMetres}: metres, strictly more than which confirms the exit; the distance from the
 * fix to the zone's volume, combining the geodesic distance to the footprint's boundary (WGS 84;
 * 0 when the footprint covers the fix) and the vertical distance to the depth band (0 inside it)
 * as {@code sqrt(h² + v²)}. A fix exactly {@code exitMetres} away does not confirm.
 * {@code exitFixes}: the number of consecutive applied fixes outside, the first one included,
 * that confirms the exit ({@code 1}: every exit at once, as without hysteresis).
 * Either may be {@code null} (not used), not both. Immutable and thread-safe.
 *
 * @param exitMetres metres, finite and positive, or {@code null}
 * @param exitFixes  fixes, positive, or {@code null}
 */
public record ExitHysteresis(Double exitMetres, Integer exitFixes) implements java.io.Serializable {

    /**
     * @throws IllegalArgumentException when both are {@code null}, {@code exitMetres} is not a
     *                                  finite positive number or {@code exitFixes} is not positive
     */
    public ExitHysteresis {
        if (exitMetres == null && exitFixes == null) {
            throw new IllegalArgumentException("exit-metres or exit-fixes must be given");
        }
        if (exitMetres != null && !(exitMetres > 0 && exitMetres < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("exit-metres must be a positive number of metres, got " + exitMetres);
        }
        if (exitFixes != null && exitFixes < 1) {
            throw new IllegalArgumentException("exit-fixes must be a positive number of fixes, got " + exitFixes);
        }
    }

    /** Exit after more than {@code metres} outside. */
    public static ExitHysteresis metres(double metres) {
        return new ExitHysteresis(metres, null);
    }

    /** Exit at the {@code fixes}-th consecutive fix outside. */
    public static ExitHysteresis fixes(int fixes) {
        return new ExitHysteresis(null, fixes);
    }

    /** True when {@code fixesOutside} consecutive fixes outside confirm the exit. */
    boolean confirmedBy(int fixesOutside) {
        return exitFixes != null && fixesOutside >= exitFixes;
    }
}
