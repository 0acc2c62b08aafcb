package org.deepseaguard.core.rules;

import java.util.List;
import org.deepseaguard.core.model.FieldError;

/**
 * A rule type without parameters ({@link NoParameters}): nothing to read, check or write, so a
 * subclass says only where it is judged and how. Stateless and thread-safe, like every {@link RuleKind}.
 */
public abstract class ParameterlessRuleKind extends RuleKind<NoParameters> {

    protected ParameterlessRuleKind(String wireName, JudgedIn judgedIn) {
        super(wireName, NoParameters.class, judgedIn);
    }

    @Override
    public final NoParameters read(ParameterReader in) {
        return NoParameters.NONE;
    }

    @Override
    public final List<FieldError> validate(NoParameters parameters) {
        return List.of();
    }

    @Override
    public final void write(NoParameters parameters, ParameterWriter out) {
        // no parameter fields
    }
}
