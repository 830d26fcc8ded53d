package io.goadmin.scheduler.impl;

import java.time.Duration;
import java.util.concurrent.Future;

import io.goadmin.core.Collector;
import io.goadmin.core.JobState;
import io.goadmin.scheduler.CollectorStatus;

/**
 * One tracked collector: its effective schedule, the poll in flight and its counters. Every mutable field is guarded
 * by this object's lock; the {@link Scheduler} takes it only briefly and never calls out (collector, storage, log)
 * while holding it.
 */
final class CollectorJob {
    final String name;
    final Collector collector;
    final String bundle;
    final long bundleId;
    /**
     * Serializes this job's writes to the jobs table, so a later state never loses to an earlier one; a poll holds it
     * from the write of its records until it is counted. Taken before this object's monitor, never inside it.
     */
    final Object writeLock = new Object();
    /** The state stored before this start: the jobs table's counts go on from it across restarts. */
    private final JobState previous;

    Duration serviceInterval;
    Boolean serviceEnabled;
    long intervalMillis;
    boolean enabled;
    boolean removed;

    Future<?> nextTick;
    /** When the pending tick is due before jitter, on the timer's clock ({@link TaskTimer#now}). */
    long base;
    Long nextRunTs;
    Poll inFlight;
    boolean stuck;
    boolean statePending;

    Long lastRunTs;
    Long lastDurationMillis;
    String lastStatus;
    String lastError;
    long polls;
    long records;
    long errors;
    long timeouts;
    long skipped;
    long rejected;

    CollectorJob(String name, Collector collector, String bundle, long bundleId, JobState previous) {
        this.name = name;
        this.collector = collector;
        this.bundle = bundle;
        this.bundleId = bundleId;
        this.previous = previous;
        if (previous != null) {
            lastRunTs = previous.lastRunTs();
            lastDurationMillis = previous.lastDurationMillis();
            lastStatus = previous.lastStatus();
            lastError = previous.lastError();
        }
    }

    /** The name of this collector's row in the jobs table. */
    static String jobName(String collector) {
        return "collector." + collector;
    }

    synchronized CollectorStatus status() {
        return new CollectorStatus(name, bundle, bundleId, enabled, intervalMillis, lastRunTs, lastDurationMillis,
                lastStatus, lastError, polls, records, errors, timeouts, skipped, rejected, nextRunTs, stuck);
    }

    /** The row for the jobs table: counts since this start added to those stored before it. */
    synchronized JobState jobState() {
        return jobState(lastRunTs, lastDurationMillis, lastStatus, lastError, records, errors);
    }

    /** The row as it will be once {@code poll} is applied, which it is only after its records are stored. */
    synchronized JobState jobStateAfter(PollOutcome poll) {
        return jobState(poll.runTs(), poll.durationMillis(), poll.status(), poll.error() == null ? lastError
                : poll.error(), records + poll.records(), errors + (poll.error() == null ? 0 : 1));
    }

    /** Counts a finished poll: its time, its status and the records that were stored. */
    synchronized void apply(PollOutcome poll) {
        lastRunTs = poll.runTs();
        lastDurationMillis = poll.durationMillis();
        lastStatus = poll.status();
        records += poll.records();
        if (poll.error() != null) {
            errors++;
            lastError = poll.error();
        }
    }

    private JobState jobState(Long runTs, Long durationMillis, String status, String error, long records,
            long errors) {
        JobState base = previous == null
                ? new JobState(jobName(name), JobState.KIND_COLLECTOR, 0, true, null, null, null, null, 0, 0, 0, 0, 0,
                        null)
                : previous;
        return new JobState(jobName(name), JobState.KIND_COLLECTOR, intervalMillis, enabled, runTs, durationMillis,
                status, error, base.runCount() + polls, base.failureCount() + errors + timeouts,
                base.timeoutCount() + timeouts, base.skippedCount() + skipped, base.recordCount() + records,
                nextRunTs);
    }

    /**
     * How a poll that ran to its end went.
     *
     * @param records the records stored
     * @param error   why it failed (the collector threw, or its records could not be stored), or null
     */
    record PollOutcome(long runTs, long durationMillis, int records, String error) {
        String status() {
            return error == null ? "ok" : "error";
        }

        /** The same poll with its records lost: it failed, whoever is to blame; the collector's own error first. */
        PollOutcome lost(String why) {
            return new PollOutcome(runTs, durationMillis, 0, error != null ? error : why);
        }
    }
}
