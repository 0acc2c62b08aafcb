package org.deepseaguard.hub.service;

import java.util.List;
import org.deepseaguard.core.model.FieldError;

/** The request cannot be done in the current state (e.g. a dead letter replayed already); nothing was changed. */
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
