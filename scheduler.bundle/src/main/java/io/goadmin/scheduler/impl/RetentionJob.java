package io.goadmin.scheduler.impl;

import io.goadmin.core.JobState;

/** The retention job's state for the jobs table; its counts go on from the row stored before this start. */
final class RetentionJob {
    static final String NAME = "retention";

    private final JobState previous;
    private Long lastRunTs;
    private Long lastDurationMillis;
    private String lastStatus;
    private String lastError;
    private long runs;
    private long failures;
    private long removed;
    private long skipped;
    private Long nextRunTs;

    RetentionJob(JobState previous) {
        this.previous = previous;
        if (previous != null) {
            lastRunTs = previous.lastRunTs();
            lastDurationMillis = previous.lastDurationMillis();
            lastStatus = previous.lastStatus();
            lastError = previous.lastError();
        }
    }

    /**
     * When the next run is due: one interval after the last run (this start's or the stored one), but not in the
     * past and not more than one interval away, so a daemon restarted often still runs retention.
     */
    synchronized long nextDue(long now, long intervalMillis) {
        if (lastRunTs == null) {
            return now + intervalMillis;
        }
        return Math.max(now, Math.min(lastRunTs + intervalMillis, now + intervalMillis));
    }

    synchronized void scheduled(Long due) {
        nextRunTs = due;
    }

    /** Counts a tick that found the previous run still going. */
    synchronized void skipped() {
        skipped++;
    }

    /** Records a run that started at {@code startTs}; {@code error} is null when it succeeded. */
    synchronized void finished(long startTs, long durationMillis, long rowsRemoved, String error) {
        runs++;
        lastRunTs = startTs;
        lastDurationMillis = durationMillis;
        if (error == null) {
            lastStatus = "ok";
            removed += rowsRemoved;
        } else {
            failures++;
            lastStatus = "error";
            lastError = error;
        }
    }

    /** The row for the jobs table; its record count is the rows retention removed. */
    synchronized JobState jobState(long intervalMillis, boolean enabled) {
        long baseRuns = previous == null ? 0 : previous.runCount();
        long baseFailures = previous == null ? 0 : previous.failureCount();
        long baseRemoved = previous == null ? 0 : previous.recordCount();
        long baseSkipped = previous == null ? 0 : previous.skippedCount();
        return new JobState(NAME, JobState.KIND_RETENTION, intervalMillis, enabled, lastRunTs, lastDurationMillis,
                lastStatus, lastError, baseRuns + runs, baseFailures + failures, 0, baseSkipped + skipped, baseRemoved + removed,
                nextRunTs);
    }
}
