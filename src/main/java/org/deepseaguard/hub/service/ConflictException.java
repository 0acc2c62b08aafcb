package org.deepseaguard.hub.service;

import java.util.List;
import org.deepseaguard.core.model.FieldError;

/** A create would overwrite something that exists; nothing was changed. */
public class ConflictException extends RuntimeException {

    private final List<FieldError> errors;

    public ConflictException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
