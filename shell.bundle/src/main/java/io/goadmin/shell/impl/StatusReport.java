package io.goadmin.shell.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import io.goadmin.core.JobState;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.Storage;
import io.goadmin.core.StorageStatus;
import io.goadmin.core.units.DataSizes;
import io.goadmin.scheduler.CollectorStatus;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;

/** What {@code goadmin:status} shows: the daemon, the scheduler with each collector, and storage. */
final class StatusReport {
    /** Why storage commands cannot run. */
    static final String STORAGE_MISSING = "storage is not available: the io.goadmin.storage bundle is not active;"
            + " check etc/goadmin.storage.cfg and the daemon log";
    /** Why scheduler views cannot be shown. */
    static final String SCHEDULER_MISSING = "the scheduler is not available: the io.goadmin.scheduler bundle is not"
            + " active; check etc/goadmin.scheduler.cfg and the daemon log";

    private final String version;
    private final long startedAt;
    private final long now;

    StatusReport(String version, long startedAt, long now) {
        this.version = version;
        this.startedAt = startedAt;
        this.now = now;
    }

    /**
     * One word for a collector's state: stuck, disabled (itself or the whole scheduler), waiting (never ran), or how
     * its last poll ended.
     */
    static String state(CollectorStatus collector, boolean schedulerEnabled) {
        if (collector.stuck()) {
            return "stuck";
        }
        if (!collector.enabled() || !schedulerEnabled) {
            return "disabled";
        }
        return collector.lastStatus() == null ? "waiting" : collector.lastStatus();
    }

    /** Prints the report; returns false if the scheduler or storage is not available (the report says why). */
    boolean print(Printer printer, SchedulerStatus schedulerService, Storage storageService) {
        SchedulerSnapshot snapshot = null;
        String schedulerProblem = SCHEDULER_MISSING;
        if (schedulerService != null) {
            try {
                snapshot = schedulerService.snapshot();
            } catch (RuntimeException e) {
                schedulerProblem = "the scheduler could not report its state: " + e.getMessage();
            }
        }
        StorageStatus storage = null;
        JobState retentionJob = null;
        String storageProblem = STORAGE_MISSING;
        if (storageService != null) {
            try {
                storage = storageService.status();
                retentionJob = retentionJob(storageService);
            } catch (RuntimeException e) {
                storageProblem = "storage could not report its state: " + e.getMessage();
            }
        }
        if (printer.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", version);
            json.put("startedAt", startedAt);
            json.put("uptimeMillis", now - startedAt);
            json.put("scheduler", snapshot != null ? snapshot : Map.of("error", schedulerProblem));
            json.put("storage", storage != null ? storage : Map.of("error", storageProblem));
            if (retentionJob != null) {
                json.put("retentionJob", retentionJob);
            }
            printer.printJson(json);
            return snapshot != null && storage != null;
        }
        printer.text("goadmin " + version + ", up " + Printer.duration((now - startedAt) / 1000 * 1000) + " (started "
                + Printer.time(startedAt) + ")");
        printer.text("");
        if (snapshot == null) {
            printer.text("scheduler: " + schedulerProblem);
        } else {
            printScheduler(printer, snapshot);
        }
        printer.text("");
        if (storage == null) {
            printer.text("storage: " + storageProblem);
        } else {
            printStorage(printer, storage, retentionJob);
        }
        return snapshot != null && storage != null;
    }

    /** The retention job's row in the jobs table (it runs on the scheduler, so the scheduler keeps it); null if none. */
    private static JobState retentionJob(Storage storage) {
        for (JobState job : storage.jobStates()) {
            if (JobState.KIND_RETENTION.equals(job.kind())) {
                return job;
            }
        }
        return null;
    }

    private void printScheduler(Printer printer, SchedulerSnapshot snapshot) {
        Table summary = Table.plain()
                .row("scheduler", (snapshot.enabled() ? "running since " + Printer.time(snapshot.startedAt())
                        : "disabled by configuration (enabled = false in etc/goadmin.scheduler.cfg): nothing is polled")
                        + ", " + snapshot.collectors().size() + " collectors")
                .row("workers", snapshot.activeWorkers() + " of " + snapshot.workers() + " busy, " + snapshot.queueSize()
                        + " polls queued")
                .row("defaults", "interval " + Printer.duration(snapshot.intervalMillis()) + ", jitter "
                        + Printer.duration(snapshot.jitterMillis()) + ", timeout "
                        + Printer.duration(snapshot.timeoutMillis()))
                .row("totals", snapshot.recordsWritten() + " records written, " + snapshot.errors() + " errors");
        printer.print(summary);
        if (snapshot.collectors().isEmpty()) {
            return;
        }
        printer.text("");
        Table collectors = Table.withHeader("COLLECTOR", "INTERVAL", "LAST RUN", "TOOK", "STATE", "RECORDS", "ERRORS",
                "TIMEOUTS", "SKIPPED", "NEXT RUN", "STUCK");
        for (CollectorStatus collector : snapshot.collectors()) {
            collectors.row(collector.name(), Printer.duration(collector.intervalMillis()),
                    Printer.relative(collector.lastRunTs(), now), Printer.duration(collector.lastDurationMillis()),
                    state(collector, snapshot.enabled()), collector.records(), collector.errors(), collector.timeouts(),
                    collector.skipped(), Printer.relative(collector.nextRunTs(), now), collector.stuck() ? "yes" : "no");
        }
        printer.print(collectors);
    }

    private void printStorage(Printer printer, StorageStatus storage, JobState retentionJob) {
        printer.print(Table.plain().row("storage", storage.file() + ": " + DataSizes.format(storage.fileBytes())
                + ", WAL " + DataSizes.format(storage.walBytes()) + ", schema " + storage.schemaVersion()));
        printer.text("");
        Table tables = Table.withHeader("TABLE", "ROWS", "OLDEST", "NEWEST");
        for (StorageStatus.TableStats table : storage.tables()) {
            tables.row(table.table(), table.rows(), Printer.time(table.oldestTs()), Printer.time(table.newestTs()));
        }
        printer.print(tables);
        printer.text("");
        StorageStatus.Latency latency = storage.writeLatency();
        StorageStatus.Retention retention = storage.retention();
        Table summary = Table.plain();
        summary.row("write latency", latency == null || latency.count() == 0 ? "no writes yet"
                : "p50 " + Printer.micros(latency.p50Micros()) + ", p95 " + Printer.micros(latency.p95Micros())
                        + ", p99 " + Printer.micros(latency.p99Micros()) + ", max " + Printer.micros(latency.maxMicros())
                        + " over " + latency.count() + " writes");
        summary.row("queue", storage.queueDepth() + " of " + storage.queueCapacity() + " records waiting; "
                + storage.recordsWritten() + " written, " + storage.writeErrors() + " write errors");
        summary.row("retention", retention == null ? "-" : "metrics " + Printer.duration(retention.metricsMaxAgeMillis())
                + ", audit " + Printer.duration(retention.auditMaxAgeMillis()) + ", database at most "
                + DataSizes.format(retention.maxDatabaseBytes()));
        summary.row("retention job", retentionJob(retentionJob));
        summary.row("last purge", lastPurge(storage.lastPurge()));
        printer.print(summary);
    }

    private String retentionJob(JobState job) {
        if (job == null) {
            return "never ran";
        }
        String last = job.lastRunTs() == null ? "never ran"
                : "last " + Printer.relative(job.lastRunTs(), now) + " (" + job.lastStatus()
                        + ("error".equals(job.lastStatus()) && job.lastError() != null ? ": " + job.lastError() : "")
                        + ", took " + Printer.duration(job.lastDurationMillis()) + ")";
        return "every " + Printer.duration(job.intervalMillis()) + ", " + last + ", next "
                + (job.enabled() && job.nextRunTs() != null ? Printer.relative(job.nextRunTs(), now) : "-") + "; "
                + job.runCount() + " runs, " + job.failureCount() + " failed, " + job.skippedCount() + " skipped";
    }

    private String lastPurge(PurgeResult purge) {
        if (purge == null) {
            return "never";
        }
        return purge.reason() + (purge.dryRun() ? " (dry run)" : "") + " " + Printer.relative(purge.finishedAt(), now)
                + ": " + purge.metricsRemoved() + " metric rows and " + purge.auditEventsRemoved() + " audit rows, "
                + DataSizes.format(purge.bytesFreed()) + " given back in " + Printer.duration(purge.durationMillis());
    }
}
