package io.goadmin.storage.impl;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.PurgeRequest;
import io.goadmin.core.PurgeResult;
import io.goadmin.core.json.Json;
import io.goadmin.core.units.DataSizes;
import io.goadmin.core.units.Durations;

/**
 * Retention, manual purges and the emergency purge (docs/adr/0002-retention.md). Rows go in small batches, each its
 * own turn in the writer's queue, so metric writes keep flowing between them; then incremental vacuum and a WAL
 * checkpoint give the pages back so the file really shrinks. One purge runs at a time.
 */
final class Retention {
    private static final String DELETE_METRICS_BEFORE =
            "DELETE FROM metrics WHERE id IN (SELECT id FROM metrics WHERE ts < ? ORDER BY ts LIMIT ?)";
    private static final String DELETE_MODULE_METRICS_BEFORE = "DELETE FROM metrics WHERE id IN "
            + "(SELECT id FROM metrics WHERE module = ? AND ts < ? ORDER BY ts LIMIT ?)";
    private static final String DELETE_AUDIT_BEFORE =
            "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE ts < ? ORDER BY ts LIMIT ?)";
    private static final String COUNT_METRICS_BEFORE = "SELECT COUNT(*) FROM metrics WHERE ts < ?";
    private static final String COUNT_MODULE_METRICS_BEFORE =
            "SELECT COUNT(*) FROM metrics WHERE module = ? AND ts < ?";
    private static final String COUNT_AUDIT_BEFORE = "SELECT COUNT(*) FROM audit_events WHERE ts < ?";
    /** Pages given back per writer turn (1 MB at the default 4 KB page), so saves wait little between turns. */
    private static final int VACUUM_PAGES = 256;
    /** The emergency purge stops at this share of the cap, so it does not run again at the next write. */
    private static final int LOW_MARK_PERCENT = 80;
    /** The newest metrics the emergency purge never removes. */
    private static final Duration EMERGENCY_KEEPS = Duration.ofHours(1);

    private final SqliteStorage storage;
    private final Clock clock;
    private final StorageLog log;
    private final Object oneAtATime = new Object();
    private volatile PurgeResult lastPurge;
    /** When the "still over the cap" warning was last logged; guarded by {@code oneAtATime}. */
    private long lastOverCapWarning;

    Retention(SqliteStorage storage, Clock clock, StorageLog log) {
        this.storage = storage;
        this.clock = clock;
        this.log = log;
    }

    PurgeResult lastPurge() {
        return lastPurge;
    }

    PurgeResult runRetention() {
        PurgeResult result = purgeByAge("retention", null, null, false, ProgressListener.NONE);
        enforceSizeCap();
        return result;
    }

    PurgeResult purge(PurgeRequest request, ProgressListener progress) {
        return purgeByAge("manual", request.olderThan(), request.module(), request.dryRun(), progress);
    }

    /**
     * Deletes the oldest metrics while the data is over the cap, down to the low mark; null if nothing was removed.
     * When the other tables alone (audit events, removed only by their own age rule) take the low mark, deleting
     * every metric would not bring the data under it and would leave the admin blind: then the last
     * {@link #EMERGENCY_KEEPS} of metrics stays and the admin is told instead.
     */
    PurgeResult enforceSizeCap() {
        synchronized (oneAtATime) {
            long cap = storage.settings().maxDatabaseBytes();
            long used = usedBytes();
            if (used <= cap) {
                return null;
            }
            long start = System.nanoTime();
            long fileBefore = databaseBytes();
            long lowMark = cap / 100 * LOW_MARK_PERCENT;
            boolean metricsCanMakeRoom = bytesOutsideMetrics() < lowMark;
            long keepFrom = metricsCanMakeRoom ? Long.MAX_VALUE : clock.millis() - EMERGENCY_KEEPS.toMillis();
            long removed = 0;
            RuntimeException failure = null;
            try {
                while (used > lowMark) {
                    long deletable = count(COUNT_METRICS_BEFORE, keepFrom);
                    if (deletable == 0) {
                        break;
                    }
                    long bytesPerRow = Math.max(1, used / Math.max(1, count("SELECT COUNT(*) FROM metrics")));
                    long toDelete = Math.min(deletable, (used - lowMark) / bytesPerRow + 1);
                    removed += deleteOldest(toDelete, keepFrom);
                    used = usedBytes();
                }
                if (removed > 0) {
                    reclaim(ProgressListener.NONE);
                }
            } catch (RuntimeException e) {
                failure = e; // rows already deleted are gone: they are still reported and audited below
            }
            if (removed == 0) {
                if (failure != null) {
                    throw failure;
                }
                warnStillOverCap(cap, used);
                return null;
            }
            PurgeResult result = reportEmergency(cap, used, removed, fileBefore, start, failure);
            if (failure != null) {
                throw failure;
            }
            if (used > lowMark) {
                warnStillOverCap(cap, used);
            }
            return result;
        }
    }

    /**
     * Records an emergency purge that removed rows, complete or cut short by {@code failure}, in the log and the audit
     * log. A purge cut short by shutdown leaves this thread interrupted, which would fail the reads and the audit
     * write too; the rows are gone all the same, so the report is made with the flag cleared, and the flag restored.
     */
    private PurgeResult reportEmergency(long cap, long used, long removed, long fileBefore, long start,
            RuntimeException failure) {
        boolean interrupted = Thread.interrupted();
        try {
            PurgeResult result;
            try {
                result = finish("emergency", false, removed, 0, fileBefore, start);
            } catch (RuntimeException e) {
                result = new PurgeResult("emergency", false, removed, 0, 0,
                        Duration.ofNanos(System.nanoTime() - start).toMillis(), clock.millis());
                lastPurge = result;
            }
            String status = failure == null ? AuditEvent.STATUS_OK : AuditEvent.STATUS_ERROR;
            String payload = Json.write(Map.of("max_bytes", cap, "used_bytes_after", used,
                    "metrics_removed", removed, "bytes_freed", result.bytesFreed(), "complete", failure == null));
            try {
                storage.saveAuditEvent(new AuditEvent(clock.millis(), "goadmin", "purge.emergency",
                        AuditEvent.SOURCE_SYSTEM, status, "purge-" + clock.millis(), payload));
            } catch (RuntimeException e) {
                log.warn("storage could not record the emergency purge in the audit log: " + e.getMessage());
            }
            log.warn("storage passed its size cap of " + DataSizes.format(cap) + ": removed the oldest " + removed
                    + " metric records" + (failure == null ? "" : " before it failed (" + failure.getMessage() + ")")
                    + "; the data now takes " + DataSizes.format(used)
                    + "; fix: lower retention.metrics or raise max.size in etc/goadmin.storage.cfg");
            return result;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What the tables and indexes other than the metrics' take, from SQLite's {@code dbstat} table: audit events are
     * few beside metrics, so this reads few pages.
     */
    private long bytesOutsideMetrics() {
        return storage.readers().read("storage size per table", connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT name FROM sqlite_schema "
                    + "WHERE tbl_name <> 'metrics' AND type IN ('table', 'index') AND rootpage > 0");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            long bytes = 0;
            try (PreparedStatement size = connection.prepareStatement(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name = ? AND aggregate = TRUE")) {
                for (String name : names) {
                    size.setString(1, name);
                    try (ResultSet rows = size.executeQuery()) {
                        bytes += rows.next() ? rows.getLong(1) : 0;
                    }
                }
            }
            return bytes;
        });
    }

    /** Once an hour at most: the size checks run every minute and would repeat it. */
    private void warnStillOverCap(long cap, long used) {
        long now = clock.millis();
        if (now - lastOverCapWarning < EMERGENCY_KEEPS.toMillis() && lastOverCapWarning != 0) {
            return;
        }
        lastOverCapWarning = now;
        log.warn("storage data takes " + DataSizes.format(used) + ", over its size cap of " + DataSizes.format(cap)
                + ", and the emergency purge removes no more: audit events fill it, and while they do the last "
                + Durations.format(EMERGENCY_KEEPS) + " of metrics is kept; fix: raise max.size or lower "
                + "retention.audit in etc/goadmin.storage.cfg");
    }

    private PurgeResult purgeByAge(String reason, Duration olderThan, String module, boolean dryRun,
            ProgressListener progress) {
        synchronized (oneAtATime) {
            long start = System.nanoTime();
            long fileBefore = databaseBytes();
            long now = clock.millis();
            long metricsCutoff = now - (olderThan != null ? olderThan : storage.settings().metricsRetention())
                    .toMillis();
            boolean withAudit = olderThan == null && module == null;
            long auditCutoff = now - storage.settings().auditRetention().toMillis();
            long metrics;
            long audit = 0;
            if (dryRun) {
                metrics = module == null ? count(COUNT_METRICS_BEFORE, metricsCutoff)
                        : count(COUNT_MODULE_METRICS_BEFORE, module, metricsCutoff);
                if (withAudit) {
                    audit = count(COUNT_AUDIT_BEFORE, auditCutoff);
                }
                return finish(reason, true, metrics, audit, fileBefore, start);
            }
            long metricsTotal = module == null ? count(COUNT_METRICS_BEFORE, metricsCutoff)
                    : count(COUNT_MODULE_METRICS_BEFORE, module, metricsCutoff);
            metrics = module == null
                    ? deleteInBatches("metrics", metricsTotal, progress, DELETE_METRICS_BEFORE, metricsCutoff)
                    : deleteInBatches("metrics", metricsTotal, progress, DELETE_MODULE_METRICS_BEFORE, module,
                            metricsCutoff);
            if (withAudit) {
                audit = deleteInBatches("audit_events", count(COUNT_AUDIT_BEFORE, auditCutoff), progress,
                        DELETE_AUDIT_BEFORE, auditCutoff);
            }
            reclaim(progress);
            PurgeResult result = finish(reason, false, metrics, audit, fileBefore, start);
            if (metrics + audit > 0) {
                log.info("storage " + reason + " removed " + metrics + " metric records and " + audit
                        + " audit events; the file shrank by " + DataSizes.format(result.bytesFreed()));
            }
            return result;
        }
    }

    private long deleteInBatches(String phase, long total, ProgressListener progress, String sql,
            Object... parameters) {
        int batch = storage.settings().purgeBatch();
        Object[] bound = Arrays.copyOf(parameters, parameters.length + 1);
        bound[parameters.length] = batch;
        long deleted = 0;
        progress.progress(phase, 0, total);
        while (true) {
            int rows = storage.writer().submit(0, session -> session.update(sql, bound));
            deleted += rows;
            progress.progress(phase, deleted, Math.max(total, deleted));
            if (rows < batch) {
                return deleted;
            }
        }
    }

    private long deleteOldest(long rows, long before) {
        int batch = storage.settings().purgeBatch();
        long deleted = 0;
        while (deleted < rows) {
            long limit = Math.min(batch, rows - deleted);
            int done = storage.writer().submit(0, session -> session.update(DELETE_METRICS_BEFORE, before, limit));
            deleted += done;
            if (done < limit) {
                break;
            }
        }
        return deleted;
    }

    /** Gives free pages back to the file system, a few MB per writer turn, then checkpoints the WAL. */
    private void reclaim(ProgressListener progress) {
        long free = count("PRAGMA freelist_count");
        long total = free;
        while (free > 0) {
            storage.writer().submit(0, session -> {
                // Each step of incremental_vacuum frees one page, and execute() steps a statement once.
                try (PreparedStatement vacuum = session.connection().prepareStatement("PRAGMA incremental_vacuum")) {
                    for (int page = 0; page < VACUUM_PAGES; page++) {
                        vacuum.execute();
                    }
                }
                return null;
            });
            long left = count("PRAGMA freelist_count");
            progress.progress("vacuum", total - left, total);
            if (left >= free) {
                break;
            }
            free = left;
        }
        checkpoint();
    }

    private void checkpoint() {
        if (!storage.checkpointTruncate()) {
            log.debug("storage checkpoint after purge deferred by busy readers or writes; the file shrinks at the "
                    + "next complete checkpoint");
        }
    }

    /**
     * The database's size as SQLite sees it; the file itself follows at the next complete checkpoint, which may wait
     * while saves keep coming.
     */
    private long databaseBytes() {
        return count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    }

    private long usedBytes() {
        return count("SELECT (page_count - freelist_count) * page_size "
                + "FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()");
    }

    private long count(String sql, Object... parameters) {
        return storage.readers().read("storage count", connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    private PurgeResult finish(String reason, boolean dryRun, long metrics, long audit, long fileBefore, long start) {
        long freed = Math.max(0, fileBefore - databaseBytes());
        PurgeResult result = new PurgeResult(reason, dryRun, metrics, audit, freed,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), clock.millis());
        if (!dryRun) {
            lastPurge = result;
        }
        return result;
    }
}
