package org.deepseaguard.hub.service;

import java.util.ArrayList;
import java.util.List;
import org.deepseaguard.core.model.InvalidInputException;

/**
 * The {@code If-Match} precondition of a change to a zone, rule or vehicle registration (RFC 9110
 * section 13.1.1). Entity tags are the version numbers, strong and quoted ({@code "3"}); the
 * unquoted number ({@code 3}) is taken too, {@code *} matches any version of an existing resource,
 * and a list ({@code "2", "3"}) matches any of its versions. Weak tags ({@code W/"3"}) and quoted
 * tags that are not a version never match (If-Match compares strongly). Immutable.
 */
public final class IfMatch {

    /** The request sent no {@code If-Match}: no precondition. */
    public static final IfMatch NONE = new IfMatch(false, List.of(), "");

    private final boolean any;
    private final List<Integer> versions;
    private final String given;

    private IfMatch(boolean any, List<Integer> versions, String given) {
        this.any = any;
        this.versions = versions;
        this.given = given;
    }

    /** The strong entity tag of a version: {@code "3"} with the quotes. */
    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /**
     * Reads the header value; {@link #NONE} when {@code null} or blank.
     *
     * @throws InvalidInputException (field {@code If-Match}) when it is neither {@code *} nor a list
     *                               of entity tags or version numbers
     */
    public static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return new IfMatch(true, List.of(), value);
        }
        List<Integer> versions = new ArrayList<>();
        for (String part : value.split(",")) {
            String tag = part.strip();
            if (tag.matches("[0-9]{1,9}")) {
                versions.add(Integer.parseInt(tag));
            } else if (tag.matches("\"[0-9]{1,9}\"")) {
                versions.add(Integer.parseInt(tag.substring(1, tag.length() - 1)));
            } else if (!tag.matches("(W/)?\"[^\"]*\"")) {
                throw new InvalidInputException("If-Match",
                        "must be *, or entity tags such as \"3\" (the version in the ETag of a GET)");
            }
            // a weak tag, or a quoted tag that is no version, matches nothing
        }
        return new IfMatch(false, List.copyOf(versions), value);
    }

    /** True when the request sent no precondition. */
    public boolean isNone() {
        return this == NONE;
    }

    /**
     * Checks the precondition against the version the resource has now.
     *
     * @param what    {@code zone}, {@code rule} or {@code vehicle}
     * @param current the current version, {@code null} when the resource does not exist
     * @throws PreconditionFailedException when a precondition was sent and does not hold
     */
    public void check(String what, String id, Integer current) {
        if (isNone()) {
            return;
        }
        boolean holds = current != null && (any || versions.contains(current));
        if (!holds) {
            throw new PreconditionFailedException(what, id, current, given);
        }
    }
}
