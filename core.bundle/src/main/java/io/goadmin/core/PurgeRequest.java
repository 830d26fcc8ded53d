package io.goadmin.core;

import java.time.Duration;

/**
 * A manual purge: remove metrics older than {@code olderThan} (null: the retention policy's ages), only of
 * {@code module} (null: all modules); with {@code dryRun}, only count what would go.
 */
public record PurgeRequest(Duration olderThan, String module, boolean dryRun) {

    /** Validates the age and module. */
    public PurgeRequest {
        if (olderThan != null && (olderThan.isNegative() || olderThan.isZero())) {
            throw new ValidationException("purge age", olderThan, "use a positive duration such as 7d");
        }
        if (module != null) {
            Validation.name("purge module", module);
        }
    }
}
