package org.deepseaguard.hub.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The vehicles one sender may send fixes for ({@code deepseaguard.security.scopes.<key name>}):
 * comma-separated entries, each an {@code auv_id} glob ({@code *} any run of characters,
 * {@code ?} one character, everything else literal and case-sensitive, e.g. {@code AUV-00*},
 * {@code SIM-???}) or {@code operator:<name>} (every vehicle registered with that operator). An
 * {@code auv_id} is in the scope when any entry covers it. Immutable and thread-safe.
 */
public final class VehicleScope {

    private final String text;
    private final List<Pattern> globs;
    private final List<String> operators;

    private VehicleScope(String text, List<Pattern> globs, List<String> operators) {
        this.text = text;
        this.globs = List.copyOf(globs);
        this.operators = List.copyOf(operators);
    }

    /** Parses a configured scope; throws {@link IllegalArgumentException} when it holds no entry. */
    public static VehicleScope parse(String configured) {
        List<Pattern> globs = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        for (String entry : configured.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith("operator:")) {
                String operator = e.substring("operator:".length()).trim();
                if (operator.isEmpty()) {
                    throw new IllegalArgumentException("empty operator name in scope '" + configured + "'");
                }
                operators.add(operator);
            } else {
                globs.add(glob(e));
            }
        }
        if (globs.isEmpty() && operators.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one auv_id glob or operator:<name>, got '"
                    + configured + "'");
        }
        return new VehicleScope(configured.trim(), globs, operators);
    }

    /**
     * @param operatorOf the registered operator of a vehicle (empty when the vehicle is not
     *                   registered or has none); asked only when a glob does not cover the id
     */
    public boolean covers(String auvId, Function<String, Optional<String>> operatorOf) {
        for (Pattern glob : globs) {
            if (glob.matcher(auvId).matches()) {
                return true;
            }
        }
        if (operators.isEmpty()) {
            return false;
        }
        return operatorOf.apply(auvId).map(operators::contains).orElse(false);
    }

    @Override
    public String toString() {
        return text;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }
}
