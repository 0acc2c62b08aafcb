package org.deepseaguard.core.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.deepseaguard.core.model.Zone;

/** Formatting helpers for violation sentences (only used when a violation is created). */
final class Messages {

    private Messages() {
    }

    /** {@code "APEI-07 (apei)"}. */
    static String zone(Zone zone) {
        return zone.zoneId() + " (" + zone.zoneType().wireName() + ")";
    }

    /** A number with at most one decimal, e.g. {@code 6120.0}, {@code 3.1}. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** A depth bound: the number without trailing ".0" when whole, or "-" when absent. */
    static String bound(Double value) {
        if (value == null) {
            return "-";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
