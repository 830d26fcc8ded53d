package io.goadmin.scheduler.impl;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.Storage;
import io.goadmin.core.json.Json;

/**
 * The scheduler's writes (poll batches with their job's state, job states alone, audit events, its own metrics) and
 * its rate-limited warnings. A failed write is counted and logged as one line, never thrown: a full or locked database must not stop
 * the polling.
 */
final class Journal {
    /** Period of the rate limit on repeated warnings of the same kind. */
    static final long LOG_PERIOD_MILLIS = 60_000;

    private final Storage storage;
    private final Logger log;
    private final Clock clock;
    private final Counters counters;
    private final RateLimiter limiter;

    Journal(Storage storage, Logger log, Clock clock, Counters counters) {
        this.storage = storage;
        this.log = log;
        this.clock = clock;
        this.counters = counters;
        this.limiter = new RateLimiter(clock, LOG_PERIOD_MILLIS);
    }

    /** Logs {@code message} unless one of the same {@code key} was logged in the last minute. */
    void warnLimited(String key, String message) {
        long suppressed = limiter.permit(key);
        if (suppressed >= 0) {
            log.warn(suppressed == 0 ? message : message + " (" + suppressed + " similar since the last report)");
        }
    }

    /** The stored job states by name, read once at start; empty if the table cannot be read. */
    Map<String, JobState> loadJobStates() {
        Map<String, JobState> states = new ConcurrentHashMap<>();
        try {
            for (JobState state : storage.jobStates()) {
                states.put(state.name(), state);
            }
        } catch (RuntimeException e) {
            log.warn("reading the jobs table failed, job counts start from zero: " + message(e));
        }
        return states;
    }

    /** Writes the collector's current state to the jobs table. */
    void saveJobState(CollectorJob job) {
        synchronized (job.writeLock) { // the state is read inside, so a later state is never overwritten by an older
            saveState(job.jobState());
        }
    }

    /**
     * Stores a poll's records together with the job's state after it, in one commit. The caller holds the job's
     * {@link CollectorJob#writeLock}, so no other state of the job is written between.
     *
     * @return null once stored, or why nothing was
     */
    String savePoll(CollectorJob job, List<MetricRecord> batch, JobState after) {
        return write(() -> storage.savePoll(batch, after), "collector " + job.name + ": ",
                () -> "storing " + batch.size() + " records");
    }

    void saveState(JobState state) {
        write(() -> storage.saveJobState(state), "", () -> "saving the state of job " + state.name());
    }

    /** An audit event of the daemon itself about a collector: {@code {"bundle": ..., "collector": ...}}. */
    AuditEvent collectorEvent(String action, String collector, String bundle) {
        Map<String, String> payload = new TreeMap<>(Map.of("collector", collector, "bundle", bundle));
        return new AuditEvent(clock.millis(), "goadmin", action, AuditEvent.SOURCE_SYSTEM, AuditEvent.STATUS_OK,
                UUID.randomUUID().toString(), Json.write(payload));
    }

    void saveAuditEvent(AuditEvent event) {
        write(() -> storage.saveAuditEvent(event), "", () -> "storing audit event " + event.action());
    }

    void saveSelfMetrics(List<MetricRecord> batch) {
        write(() -> storage.saveMetrics(batch), "", () -> "storing the scheduler's own metrics");
    }

    /**
     * Runs one write. A failure is counted, logged (one line, rate-limited, after {@code context}) and returned, never
     * thrown: that includes an Error other than the JVM's own, such as the NoClassDefFoundError of a storage bundle
     * refreshed under the scheduler, so the worker that wrote lives on.
     *
     * @return null once written, else "WHAT failed: why"
     */
    private String write(Runnable write, String context, Supplier<String> what) {
        try {
            write.run();
            return null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            counters.writeErrors.increment();
            String error = what.get() + " failed: " + message(e);
            warnLimited("storage", context + error);
            return error;
        }
    }

    /** A failure in one line, without the stack trace: {@code IOException: /proc/stat: permission denied}. */
    static String message(Throwable e) {
        String text = e.getMessage();
        String type = e.getClass().getSimpleName();
        return text == null || text.isBlank() ? type : type + ": " + text.replaceAll("[\\r\\n]+", " ");
    }
}
