package io.goadmin.core;

/**
 * The live state of one scheduled job (a collector's poll or retention), kept in the {@code jobs} table so the
 * status command can show it and it survives restarts. Times are UTC epoch milliseconds; {@code null} means never.
 *
 * @param name the job's unique name, for example {@code collector.cpu} or {@code retention}
 * @param kind {@link #KIND_COLLECTOR} or {@link #KIND_RETENTION}
 * @param intervalMillis how often it runs
 * @param enabled whether it is scheduled
 * @param lastRunTs when it last started
 * @param lastDurationMillis how long its last run took
 * @param lastStatus how its last run ended: ok, error, timeout, skipped
 * @param lastError the last failure's message, or null
 * @param runCount runs so far
 * @param failureCount failed runs (errors and timeouts) so far
 * @param timeoutCount runs cancelled at their deadline so far
 * @param skippedCount ticks skipped because the previous run was still going
 * @param recordCount records stored from its runs so far
 * @param nextRunTs when it runs next
 */
public record JobState(String name, String kind, long intervalMillis, boolean enabled, Long lastRunTs,
        Long lastDurationMillis, String lastStatus, String lastError, long runCount, long failureCount,
        long timeoutCount, long skippedCount, long recordCount, Long nextRunTs) {

    /** Kind of a collector's poll job. */
    public static final String KIND_COLLECTOR = "collector";
    /** Kind of the retention job. */
    public static final String KIND_RETENTION = "retention";

    /** Validates the name and kind. */
    public JobState {
        Validation.name("job name", name);
        Validation.name("job kind", kind);
        if (lastError != null && lastError.length() > 1000) {
            lastError = lastError.substring(0, 1000);
        }
    }
}
