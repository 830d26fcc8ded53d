package io.goadmin.shell.impl;

import static io.goadmin.shell.impl.Fixtures.NOW;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
import io.goadmin.core.StorageStatus;

/** A hand-built Storage: keeps audit events in memory and answers with canned results. */
class FakeStorage implements Storage {
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final List<MetricRecord> metrics = new CopyOnWriteArrayList<>();
    volatile Query lastQuery;
    volatile PurgeRequest lastPurge;
    volatile String backupIntegrity = "ok";
    volatile RuntimeException failure;

    static final StorageStatus STATUS = new StorageStatus("/home/goadmin/data/goadmin.db", 12_582_912, 1_048_576, "3",
            List.of(new StorageStatus.TableStats("metrics", 1200, 1_764_720_000_000L, 1_764_788_000_000L),
                    new StorageStatus.TableStats("audit_events", 3, null, null)),
            new StorageStatus.Latency(1200, 120, 800, 2400, 9000), 2, 10_000, 1200, 1,
            new StorageStatus.Retention(30L * 86_400_000, 90L * 86_400_000, 1L << 30),
            new PurgeResult("retention", false, 100, 2, 4096, 340, 1_764_780_000_000L));

    @Override
    public void saveMetric(MetricRecord record) {
        metrics.add(record);
    }

    @Override
    public void saveMetrics(List<MetricRecord> records) {
        metrics.addAll(records);
    }

    @Override
    public void saveAuditEvent(AuditEvent event) {
        audit.add(event);
    }

    @Override
    public List<MetricRecord> queryMetrics(Query query) {
        lastQuery = query;
        fail();
        List<MetricRecord> newestFirst = new ArrayList<>(metrics);
        newestFirst.sort(Comparator.comparingLong(MetricRecord::ts).reversed());
        return newestFirst;
    }

    @Override
    public List<AuditEvent> queryAuditEvents(AuditQuery query) {
        fail();
        List<AuditEvent> newestFirst = new ArrayList<>(audit);
        newestFirst.sort(Comparator.comparingLong(AuditEvent::ts).reversed());
        return newestFirst.stream()
                .filter(event -> query.subject() == null || query.subject().equals(event.subject()))
                .filter(event -> query.action() == null || query.action().equals(event.action()))
                .filter(event -> event.ts() >= query.since())
                .limit(query.limit())
                .toList();
    }

    @Override
    public PurgeResult runRetention() {
        return purge(new PurgeRequest(null, null, false), ProgressListener.NONE);
    }

    @Override
    public PurgeResult purge(PurgeRequest request, ProgressListener progress) {
        lastPurge = request;
        fail();
        for (int done = 0; done <= 1000; done += 100) {
            progress.progress("metrics", done, 1000);
        }
        return new PurgeResult("manual", request.dryRun(), 1000, 0, request.dryRun() ? 0 : 2_097_152, 1500,
                1_764_790_000_000L);
    }

    @Override
    public void saveJobState(JobState state) {
    }

    @Override
    public List<JobState> jobStates() {
        return List.of(new JobState("collector.cpu", JobState.KIND_COLLECTOR, 10_000, true, NOW - 3000, 12L, "ok", null,
                720, 0, 0, 0, 2880, NOW + 7000), new JobState("retention", JobState.KIND_RETENTION, 3_600_000, true,
                NOW - 8_400_000, 340L, "error", "database is locked", 30, 1, 0, 2, 102, NOW + 1_200_000));
    }

    @Override
    public StorageStatus status() {
        fail();
        return STATUS;
    }

    @Override
    public BackupResult backup(Path target, ProgressListener progress) {
        fail();
        progress.progress("pages", 5, 10);
        progress.progress("pages", 10, 10);
        return new BackupResult(target.toString(), 12_582_912, 800, backupIntegrity);
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }
}
