package io.goadmin.core;

/**
 * An audit-log query: optional {@code subject} and {@code action} filters, events at or after {@code since}
 * (UTC epoch milliseconds), newest first, at most {@code limit}.
 */
public record AuditQuery(String subject, String action, long since, int limit) {

    /** Validates the filters. */
    public AuditQuery {
        if (subject != null) {
            Validation.text("audit subject", subject, Validation.SUBJECT_MAX);
        }
        if (action != null) {
            Validation.name("audit action", action);
        }
        Validation.timestamp("audit since", since);
        if (limit < 1 || limit > Query.MAX_LIMIT) {
            throw new ValidationException("audit limit", limit, "use 1 to " + Query.MAX_LIMIT);
        }
    }
}
