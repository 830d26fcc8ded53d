package io.goadmin.scheduler.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.AuditQuery;
import io.goadmin.core.BackupResult;
import io.goadmin.core.JobState;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.PurgeRequest;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Query;
import io.goadmin.core.Storage;
import io.goadmin.core.StorageException;
import io.goadmin.core.StorageStatus;

/**
 * An in-memory {@link Storage} for the scheduler's unit tests: it keeps every batch and every job-state write so the
 * tests can count them. It is not the database under test; storage has its own tests on real SQLite files.
 */
final class MemoryStorage implements Storage {
    private final List<List<MetricRecord>> batches = new ArrayList<>();
    private final List<AuditEvent> audit = new ArrayList<>();
    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final Map<String, Integer> jobWrites = new HashMap<>();
    private final AtomicInteger retentionRuns = new AtomicInteger();
    private volatile boolean failWrites;
    private volatile boolean breakWrites;
    private volatile CountDownLatch writeGate;
    private volatile CountDownLatch retentionGate;
    private final CountDownLatch writeWaiting = new CountDownLatch(1);

    /** Makes retention runs wait until {@code gate} opens, as a purge of a large database would. */
    void holdRetention(CountDownLatch gate) {
        retentionGate = gate;
    }

    /** Makes metric writes wait until {@code gate} opens, as a busy database would. */
    void holdWrites(CountDownLatch gate) {
        writeGate = gate;
    }

    /** Waits until a metric write is held at the gate. */
    void awaitHeldWrite() throws InterruptedException {
        writeWaiting.await();
    }

    /** Makes every later metric write fail, as a locked or full database would. */
    void failWrites(boolean fail) {
        failWrites = fail;
    }

    /** Makes every later metric write throw an Error, as a storage bundle refreshed under its callers would. */
    void breakWrites(boolean broken) {
        breakWrites = broken;
    }

    synchronized List<List<MetricRecord>> batches() {
        return List.copyOf(batches);
    }

    /** Every stored record of {@code module}. */
    synchronized List<MetricRecord> metrics(String module) {
        return batches.stream().flatMap(List::stream).filter(r -> r.module().equals(module)).toList();
    }

    synchronized List<AuditEvent> audit() {
        return List.copyOf(audit);
    }

    synchronized JobState job(String name) {
        return jobs.get(name);
    }

    synchronized int jobWrites(String name) {
        return jobWrites.getOrDefault(name, 0);
    }

    int retentionRuns() {
        return retentionRuns.get();
    }

    @Override
    public void saveMetric(MetricRecord record) {
        saveMetrics(List.of(record));
    }

    @Override
    public void saveMetrics(List<MetricRecord> records) {
        CountDownLatch gate = writeGate;
        if (gate != null) {
            writeWaiting.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted");
            }
        }
        store(records);
    }

    private synchronized void store(List<MetricRecord> records) {
        if (failWrites) {
            throw new StorageException("database is locked");
        }
        if (breakWrites) {
            throw new NoClassDefFoundError("io/goadmin/storage/impl/WriteBatch");
        }
        batches.add(List.copyOf(records));
    }

    @Override
    public synchronized void saveAuditEvent(AuditEvent event) {
        audit.add(event);
    }

    @Override
    public List<MetricRecord> queryMetrics(Query query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<AuditEvent> queryAuditEvents(AuditQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PurgeResult runRetention() {
        retentionRuns.incrementAndGet();
        CountDownLatch gate = retentionGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted");
            }
        }
        return new PurgeResult("retention", false, 3, 1, 0, 1, System.currentTimeMillis());
    }

    @Override
    public PurgeResult purge(PurgeRequest request, ProgressListener progress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void saveJobState(JobState state) {
        jobs.put(state.name(), state);
        jobWrites.merge(state.name(), 1, Integer::sum);
    }

    @Override
    public synchronized List<JobState> jobStates() {
        return List.copyOf(jobs.values());
    }

    @Override
    public StorageStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public BackupResult backup(Path target, ProgressListener progress) {
        throw new UnsupportedOperationException();
    }
}
