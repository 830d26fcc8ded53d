package io.goadmin.core;

/**
 * What a purge removed (or, for a dry run, would remove).
 *
 * @param reason {@code retention}, {@code manual} or {@code emergency}
 * @param dryRun true if nothing was deleted
 * @param metricsRemoved metric rows removed
 * @param auditEventsRemoved audit rows removed
 * @param bytesFreed bytes the database file shrank by
 * @param durationMillis how long it took
 * @param finishedAt when it finished, UTC epoch milliseconds
 */
public record PurgeResult(String reason, boolean dryRun, long metricsRemoved, long auditEventsRemoved,
        long bytesFreed, long durationMillis, long finishedAt) {
}
