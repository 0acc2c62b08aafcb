package org.deepseaguard.hub.api;

import org.deepseaguard.core.model.InvalidInputException;

/** The {@code {version}} of {@code .../versions/{version}}: a positive integer. */
final class VersionParam {

    private VersionParam() {
    }

    /** @throws InvalidInputException (field {@code version}) when it is not a positive integer */
    static int parse(String text) {
        if (text == null || !text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1) {
            throw new InvalidInputException("version", "must be a positive integer");
        }
        return Integer.parseInt(text);
    }
}
