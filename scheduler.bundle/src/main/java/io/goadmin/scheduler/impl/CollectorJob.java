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
    /** Serializes this job's writes to the jobs table, so a later state never loses to an earlier one. */
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
        JobState base = previous == null
                ? new JobState(jobName(name), JobState.KIND_COLLECTOR, 0, true, null, null, null, null, 0, 0, 0, 0, 0,
                        null)
                : previous;
        return new JobState(jobName(name), JobState.KIND_COLLECTOR, intervalMillis, enabled, lastRunTs,
                lastDurationMillis, lastStatus, lastError, base.runCount() + polls,
                base.failureCount() + errors + timeouts, base.timeoutCount() + timeouts,
                base.skippedCount() + skipped, base.recordCount() + records, nextRunTs);
    }
}
