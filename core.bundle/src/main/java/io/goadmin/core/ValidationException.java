package io.goadmin.core;

/**
 * Thrown when input breaks a validation rule; the message names the field, the offending value (shortened and made
 * printable) and the rule, so it can be shown to the user as it is.
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    /** Creates the exception for {@code field} whose {@code value} breaks {@code rule}. */
    public ValidationException(String field, Object value, String rule) {
        super(field + " " + Validation.describe(value) + " is invalid: " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** The name of the field that was rejected, for example {@code "metric key"}. */
    public String field() {
        return field;
    }

    /** The rule the value broke, in words. */
    public String rule() {
        return rule;
    }
}
