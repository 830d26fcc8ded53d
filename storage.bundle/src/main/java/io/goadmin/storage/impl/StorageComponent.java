package io.goadmin.storage.impl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

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
import io.goadmin.core.units.DataSizes;
import io.goadmin.core.units.Durations;

/**
 * Publishes {@link Storage} on the SQLite file configured by PID {@value #PID}. A bad setting, an unsafe path, a
 * database held by another daemon or a corrupt file is logged as one line and the component does not activate.
 */
@Component(service = Storage.class, immediate = true, configurationPid = StorageComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageComponent.Config.class)
public final class StorageComponent implements Storage {
    /** The configuration PID, read from {@code etc/goadmin.storage.cfg}. */
    public static final String PID = "goadmin.storage";
    /** The framework property holding the daemon's home folder. */
    public static final String HOME_PROPERTY = "goadmin.home";

    /** The storage settings, as written in {@code etc/goadmin.storage.cfg}. */
    @ObjectClassDefinition(name = "goadmin storage",
            description = "The SQLite file that keeps metric history and the audit log, and how long it keeps them.")
    public @interface Config {
        @AttributeDefinition(name = "Database file", description = "Absolute path of the SQLite file. Empty means "
                + "${goadmin.home}/data/goadmin.db. Its folders must not be writable by other users.")
        String path() default "";

        @AttributeDefinition(name = "Metric retention", description = "How long metric records are kept, "
                + "for example 30d.")
        String retention_metrics() default "30d";

        @AttributeDefinition(name = "Audit retention", description = "How long audit events are kept, "
                + "for example 90d. Audit events are never removed to save space, only by this age.")
        String retention_audit() default "90d";

        @AttributeDefinition(name = "Maximum size", description = "Size cap of the data, for example 1GB. Past "
                + "it the oldest metrics are removed until the data is back under 80% of the cap, and an audit "
                + "event says so.")
        String max_size() default "1GB";

        @AttributeDefinition(name = "Synchronous", description = "NORMAL survives a crash of the daemon but may "
                + "lose the last commits on power failure; FULL also survives power failure and writes slower.",
                options = {@Option(label = "NORMAL", value = "NORMAL"), @Option(label = "FULL", value = "FULL")})
        String synchronous() default "NORMAL";

        @AttributeDefinition(name = "Queue capacity", description = "Most records waiting to be written. When the "
                + "queue is full, saves wait up to the write timeout, then fail.")
        int queue_capacity() default 10_000;

        @AttributeDefinition(name = "Write timeout", description = "How long a save waits for room in a full "
                + "queue before it fails, for example 5s.")
        String write_timeout() default "5s";

        @AttributeDefinition(name = "Busy timeout", description = "How long a connection waits for a lock held by "
                + "another connection, for example 5s.")
        String busy_timeout() default "5s";

        @AttributeDefinition(name = "WAL size limit", description = "Size the write-ahead log is cut back to after "
                + "a checkpoint, for example 64MB.")
        String wal_size_limit() default "64MB";

        @AttributeDefinition(name = "Purge batch", description = "Rows deleted per transaction by retention and "
                + "purges; small batches keep writes flowing during a purge.")
        int purge_batch() default 2000;

        @AttributeDefinition(name = "Size check interval", description = "How often the file size is compared "
                + "with the maximum size, for example 1m.")
        String size_check_interval() default "1m";
    }

    private final ScheduledExecutorService sizeCheck;
    private final StorageLog log;
    private final String home;
    private final Clock clock = Clock.systemUTC();
    /** The open database; replaced when an edited configuration changes the file or how it is opened. */
    private volatile SqliteStorage storage;
    private ScheduledFuture<?> sizeCheckTask; // guarded by this

    /** Checks the configuration and the path, opens and migrates the database. */
    @Activate
    public StorageComponent(BundleContext context, Config config,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.log = new OsgiStorageLog(logger);
        this.home = context.getProperty(HOME_PROPERTY);
        try {
            StorageSettings settings = settings(config, home);
            this.storage = SqliteStorage.open(settings, log, clock);
            this.sizeCheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "goadmin-storage-size-check");
                thread.setDaemon(true);
                return thread;
            });
            scheduleSizeCheck(settings.sizeCheckInterval());
        } catch (StorageRefusedException refused) {
            log.error(refused.getMessage(), null);
            throw refused;
        }
    }

    /**
     * Applies an edited configuration: the policy in place; a change to the file itself (path, synchronous, queue,
     * timeouts, WAL limit) by opening the database again. A bad value, or a database that cannot be opened with the
     * new values, is logged and the running configuration kept, so a typo never stops collection.
     */
    @Modified
    synchronized void modified(Config config) {
        StorageSettings next;
        try {
            next = settings(config, home);
        } catch (StorageRefusedException refused) {
            log.error(refused.getMessage() + "; keeping the running configuration", null);
            return;
        }
        StorageSettings running = storage.settings();
        List<String> changed = running.reopenNeededFor(next);
        if (changed.isEmpty()) {
            storage.applyLive(next);
        } else if (!reopen(next, changed)) {
            return;
        }
        if (!running.sizeCheckInterval().equals(next.sizeCheckInterval())) {
            scheduleSizeCheck(next.sizeCheckInterval());
        }
        log.info("storage configuration applied: " + next.describePolicy());
    }

    /**
     * Opens the database with {@code next}. Another file is opened before the running one closes, so a refused path
     * (a folder others can write, another daemon's file, a corrupt file) leaves everything as it was. The same file
     * must close first (one writer per file); if it then cannot be opened with the new values, it is opened again with
     * the running ones. Saves that reach the old instance while it closes fail like any failed write.
     */
    private boolean reopen(StorageSettings next, List<String> changed) {
        SqliteStorage running = storage;
        String what = String.join(", ", changed);
        if (!running.settings().database().equals(next.database())) {
            try {
                storage = SqliteStorage.open(next, log, clock);
            } catch (RuntimeException e) {
                log.error(e.getMessage() + "; keeping the running database " + running.settings().database(), null);
                return false;
            }
            running.close();
            return true;
        }
        log.info("storage reopens " + next.database() + " to apply " + what);
        running.close();
        try {
            storage = SqliteStorage.open(next, log, clock);
            return true;
        } catch (RuntimeException e) {
            log.error(e.getMessage() + "; reopening it with the running " + what, null);
        }
        try {
            storage = SqliteStorage.open(running.settings(), log, clock);
        } catch (RuntimeException e) {
            log.error("storage cannot reopen " + next.database() + ": " + e.getMessage() + "; restart the daemon", null);
        }
        return false;
    }

    private synchronized void scheduleSizeCheck(Duration every) {
        if (sizeCheckTask != null) {
            sizeCheckTask.cancel(false);
        }
        sizeCheckTask = sizeCheck.scheduleWithFixedDelay(this::checkSize, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Parses the configuration; every error names the PID, the property, the value and the accepted form. */
    static StorageSettings settings(Config config, String home) {
        try {
            Path database;
            Path tmp;
            if (config.path() == null || config.path().isBlank()) {
                if (home == null || home.isBlank()) {
                    throw new IllegalArgumentException("path is empty and the framework property " + HOME_PROPERTY
                            + " is not set: set path to an absolute file name");
                }
                database = Path.of(home, "data", "goadmin.db");
                tmp = Path.of(home, "tmp");
            } else {
                database = Path.of(config.path().trim());
                tmp = home == null || home.isBlank() ? database.resolveSibling("tmp") : Path.of(home, "tmp");
            }
            return new StorageSettings(database, tmp,
                    Durations.parseAtLeast("retention.metrics", config.retention_metrics(), Duration.ofHours(1)),
                    Durations.parseAtLeast("retention.audit", config.retention_audit(), Duration.ofHours(1)),
                    DataSizes.parse("max.size", config.max_size()), config.synchronous(), config.queue_capacity(),
                    Durations.parseAtLeast("write.timeout", config.write_timeout(), Duration.ofMillis(1)),
                    Durations.parse("busy.timeout", config.busy_timeout()),
                    DataSizes.parse("wal.size.limit", config.wal_size_limit()), config.purge_batch(),
                    Durations.parseAtLeast("size.check.interval", config.size_check_interval(),
                            Duration.ofSeconds(1)));
        } catch (IllegalArgumentException e) {
            throw new StorageRefusedException("configuration " + PID + ": " + e.getMessage());
        }
    }

    /** Drains the queue, checkpoints the WAL, closes the file and releases the lock; leaves no thread. */
    @Deactivate
    void deactivate() {
        sizeCheck.shutdownNow();
        try {
            if (!sizeCheck.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("storage size check did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
    }

    private void checkSize() {
        try {
            storage.enforceSizeCap();
            storage.saveMetrics(SelfMetrics.of(storage, System.currentTimeMillis()));
        } catch (RuntimeException e) {
            log.warn("storage size check failed: " + e.getMessage());
        }
    }

    @Override
    public void saveMetric(MetricRecord record) {
        storage.saveMetric(record);
    }

    @Override
    public void saveMetrics(List<MetricRecord> records) {
        storage.saveMetrics(records);
    }

    @Override
    public void saveAuditEvent(AuditEvent event) {
        storage.saveAuditEvent(event);
    }

    @Override
    public List<MetricRecord> queryMetrics(Query query) {
        return storage.queryMetrics(query);
    }

    @Override
    public List<AuditEvent> queryAuditEvents(AuditQuery query) {
        return storage.queryAuditEvents(query);
    }

    @Override
    public PurgeResult runRetention() {
        return storage.runRetention();
    }

    @Override
    public PurgeResult purge(PurgeRequest request, ProgressListener progress) {
        return storage.purge(request, progress);
    }

    @Override
    public void saveJobState(JobState state) {
        storage.saveJobState(state);
    }

    @Override
    public void savePoll(List<MetricRecord> records, JobState state) {
        storage.savePoll(records, state);
    }

    @Override
    public List<JobState> jobStates() {
        return storage.jobStates();
    }

    @Override
    public StorageStatus status() {
        return storage.status();
    }

    @Override
    public BackupResult backup(Path target, ProgressListener progress) {
        return storage.backup(target, progress);
    }

    /** The OSGi logger behind {@link StorageLog}. */
    private record OsgiStorageLog(Logger logger) implements StorageLog {
        @Override
        public void debug(String message) {
            logger.debug(message);
        }

        @Override
        public void info(String message) {
            logger.info(message);
        }

        @Override
        public void warn(String message) {
            logger.warn(message);
        }

        @Override
        public void error(String message, Throwable bug) {
            if (bug == null) {
                logger.error(message);
            } else {
                logger.error(message, bug);
            }
        }
    }
}
