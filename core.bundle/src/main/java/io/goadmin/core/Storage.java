package io.goadmin.core;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The metric history and audit log. A save that returns normally means the record is committed; a save that fails
 * throws {@link StorageException} (or {@link ValidationException} for bad input) and stored nothing, with one
 * exception: a save whose thread is interrupted while it waits for its commit (as at shutdown), or whose commit does
 * not come within a generous bound (a hung disk; seconds of slowness are still waited for), returns at once with a
 * {@link StorageException} whose message says whether the write was not stored or may or may not be committed (the
 * implementation already had it). An interrupted save returns with the thread's interrupt flag set. Safe for use
 * from many threads.
 */
@ProviderType
public interface Storage {

    /** Stores one metric record; returns once it is committed. */
    void saveMetric(MetricRecord record);

    /** Stores a batch of metric records in one transaction: all of them or none. */
    void saveMetrics(List<MetricRecord> records);

    /** Stores one audit event; returns once it is committed. */
    void saveAuditEvent(AuditEvent event);

    /** Metric records (or, with a step, one aggregated record per bucket and series) matching the query. */
    List<MetricRecord> queryMetrics(Query query);

    /** Audit events matching the query, newest first. */
    List<AuditEvent> queryAuditEvents(AuditQuery query);

    /** Applies the retention policy now: expired rows go, the file gives space back. */
    PurgeResult runRetention();

    /** A manual purge, reporting progress as it goes. */
    PurgeResult purge(PurgeRequest request, ProgressListener progress);

    /** Records the state of a scheduled job, replacing the previous state of the job with the same name. */
    void saveJobState(JobState state);

    /**
     * Stores one poll: its records and the state of its job after it. The scheduler calls this for each poll that
     * ends with records (a poll without records stores its state alone, with {@link #saveJobState}), and at idle a
     * commit is most of what the daemon costs, so an implementation should store both in one transaction (all or
     * nothing, like {@link #saveMetrics}). This default makes two writes, the records first: if the second fails,
     * it throws with the records already stored. The state is stored even if {@code records} is empty.
     *
     * @since 1.2
     */
    default void savePoll(List<MetricRecord> records, JobState state) {
        saveMetrics(records);
        saveJobState(state);
    }

    /** The saved state of every job, by name. */
    List<JobState> jobStates();

    /** A snapshot of sizes, counters and latency. */
    StorageStatus status();

    /** Copies the live database to {@code target} while writes continue, then verifies the copy. */
    BackupResult backup(Path target, ProgressListener progress);
}
