package org.deepseaguard.hub.api;

import java.util.List;
import org.deepseaguard.core.model.FieldError;

/**
 * An RFC 7807 problem ({@code application/problem+json}) with the list of bad fields.
 * {@code type} is a URN naming the kind of problem, e.g. {@code urn:deepseaguard:problem:invalid-input}.
 */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String kind, String title, String detail, String instance,
                             List<FieldError> errors) {
        return new Problem("urn:deepseaguard:problem:" + kind, title, status, detail, instance, List.copyOf(errors));
    }
}
