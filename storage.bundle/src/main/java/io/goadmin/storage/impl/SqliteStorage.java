package io.goadmin.storage.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.sqlite.SQLiteDataSource;

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
 * The {@link Storage} on one SQLite file: path checks, lock, migrations and quick check at open; one group-commit
 * writer; a few read connections; retention, purges and backup. {@link #close()} drains the writer, checkpoints
 * the WAL and releases everything.
 */
public final class SqliteStorage implements Storage, AutoCloseable {
    private static final int READERS = 2;
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(8);
    /** Time allowed for one commit in {@link #answerTimeout}: seconds on the slowest disk that still works. */
    private static final Duration COMMIT_ALLOWANCE = Duration.ofSeconds(30);

    private volatile StorageSettings settings;
    private final Path database;
    private final StorageLog log;
    private final DatabaseLock lock;
    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final WriteStats stats = new WriteStats();
    private final Retention retention;
    private final int schemaVersion;
    private final SQLiteDataSource dataSource;
    private final Checkpointer checkpointer;

    private SqliteStorage(StorageSettings settings, Path database, StorageLog log, Clock clock, DatabaseLock lock,
            int schemaVersion, SQLiteDataSource dataSource) throws SQLException {
        this.settings = settings;
        this.database = database;
        this.log = log;
        this.lock = lock;
        this.schemaVersion = schemaVersion;
        this.dataSource = dataSource;
        this.readers = new ReadPool(dataSource, READERS, settings.busyTimeout());
        Checkpointer started = null;
        try {
            started = new Checkpointer(dataSource.getConnection(), log);
            this.checkpointer = started;
            this.writer = new GroupCommitWriter(this::openWriterConnection, settings.queueCapacity(),
                    settings.writeTimeout(), answerTimeout(settings), stats, log, started::committed);
        } catch (SQLException e) {
            readers.close();
            if (started != null) {
                stopCheckpointer(started);
            }
            throw e;
        }
        this.retention = new Retention(this, clock, log);
    }

    /**
     * Checks the path, takes the lock, prepares and migrates the file, and starts the writer.
     *
     * @throws StorageRefusedException with one line for the admin if any of that is refused
     */
    public static SqliteStorage open(StorageSettings settings, StorageLog log, Clock clock) {
        Path database = PathSafety.prepareDatabase(settings.database());
        Path tmp = PathSafety.preparePrivateFolder(settings.tmpDir());
        NativeLibrary.useTmpDir(tmp, log);
        DatabaseLock lock = DatabaseLock.acquire(database);
        try {
            SQLiteDataSource dataSource = SqliteFile.dataSource(database, settings);
            try (Connection connection = dataSource.getConnection()) {
                SqliteFile.prepare(connection, database, log);
            }
            int version = Migrations.migrate(dataSource, log);
            SqliteStorage storage = new SqliteStorage(settings, database, log, clock, lock, version, dataSource);
            log.info("storage opened " + database + " (schema version " + version + ", synchronous "
                    + settings.synchronous() + ", " + settings.describePolicy() + ")");
            return storage;
        } catch (SQLException e) {
            lock.close();
            throw SqliteFile.refusal(database, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * How long a queued save waits for its commit: the queue ahead of it (at most {@code write.timeout}'s worth), a
     * lock held by another connection ({@code busy.timeout}), and {@link #COMMIT_ALLOWANCE} for the commit itself.
     * Only a writer stuck far beyond a slow commit (a hung disk) runs out of it.
     */
    static Duration answerTimeout(StorageSettings settings) {
        return settings.writeTimeout().plus(settings.busyTimeout()).plus(COMMIT_ALLOWANCE);
    }

    /** The writer's connection: checkpoints run on their own thread (Checkpointer), never inside its commits. */
    private Connection openWriterConnection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public void saveMetric(MetricRecord record) {
        Objects.requireNonNull(record, "record");
        writer.submit(1, session -> session.insertMetric(record));
    }

    @Override
    public void saveMetrics(List<MetricRecord> records) {
        List<MetricRecord> copy = List.copyOf(records);
        if (copy.isEmpty()) {
            return;
        }
        writer.submit(copy.size(), session -> session.insertMetrics(copy));
    }

    @Override
    public void saveAuditEvent(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        writer.submit(1, session -> session.insertAudit(event));
    }

    @Override
    public List<MetricRecord> queryMetrics(Query query) {
        Objects.requireNonNull(query, "query");
        return readers.read("metric query", connection -> MetricQueries.run(connection, query));
    }

    @Override
    public List<AuditEvent> queryAuditEvents(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return readers.read("audit query", connection -> AuditQueries.run(connection, query));
    }

    @Override
    public PurgeResult runRetention() {
        return retention.runRetention();
    }

    @Override
    public PurgeResult purge(PurgeRequest request, ProgressListener progress) {
        return retention.purge(Objects.requireNonNull(request, "request"),
                progress == null ? ProgressListener.NONE : progress);
    }

    @Override
    public void saveJobState(JobState state) {
        Objects.requireNonNull(state, "state");
        writer.submit(0, session -> session.upsertJob(state));
    }

    @Override
    public void savePoll(List<MetricRecord> records, JobState state) {
        Objects.requireNonNull(state, "state");
        List<MetricRecord> copy = List.copyOf(records);
        writer.submit(copy.size(), session -> {
            session.insertMetrics(copy);
            return session.upsertJob(state);
        });
    }

    @Override
    public List<JobState> jobStates() {
        return readers.read("job states", AuditQueries::jobStates);
    }

    @Override
    public StorageStatus status() {
        List<StorageStatus.TableStats> tables = readers.read("storage status", connection -> {
            List<StorageStatus.TableStats> stats = new ArrayList<>();
            stats.add(tableStats(connection, "metrics",
                    "SELECT COUNT(*), MIN(ts), MAX(ts) FROM metrics"));
            stats.add(tableStats(connection, "audit_events",
                    "SELECT COUNT(*), MIN(ts), MAX(ts) FROM audit_events"));
            stats.add(tableStats(connection, "jobs", "SELECT COUNT(*), NULL, NULL FROM jobs"));
            return stats;
        });
        return new StorageStatus(database.toString(), fileBytes(), walBytes(), Integer.toString(schemaVersion),
                tables, stats.latency(), writer.queueDepth(), writer.capacity(), stats.recordsWritten(),
                stats.writeErrors(), new StorageStatus.Retention(settings.metricsRetention().toMillis(),
                        settings.auditRetention().toMillis(), settings.maxDatabaseBytes()),
                retention.lastPurge());
    }

    @Override
    public BackupResult backup(Path target, ProgressListener progress) {
        return Backup.run(this, target, progress == null ? ProgressListener.NONE : progress);
    }

    /** Checks the file against the size cap now and purges the oldest metrics if it is over; null if not needed. */
    public PurgeResult enforceSizeCap() {
        return retention.enforceSizeCap();
    }

    /**
     * Copies the whole WAL into the file and truncates both, retrying briefly while the background checkpoint or a
     * reader is busy; true when it completed. A TRUNCATE checkpoint holds the write lock while it waits for readers,
     * so each attempt has no busy timeout: saves wait for one attempt's copying, never for a long query or backup.
     */
    public boolean checkpointTruncate() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection connection = newConnection();
                    Statement noWaiting = connection.createStatement();
                    PreparedStatement checkpoint = connection.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)")) {
                noWaiting.execute("PRAGMA busy_timeout = 0");
                try (ResultSet result = checkpoint.executeQuery()) {
                    if (result.next() && result.getInt(1) == 0) {
                        return true;
                    }
                }
            } catch (SQLException e) {
                log.debug("storage checkpoint attempt failed: " + e.getMessage());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Save latency since the previous call (self-metrics take one interval each). */
    StorageStatus.Latency intervalWriteLatency() {
        return stats.intervalLatency();
    }

    long recordsWritten() {
        return stats.recordsWritten();
    }

    /** Transactions committed since start: at idle, what the writer costs is mostly one per commit. */
    long commits() {
        return stats.commits();
    }

    long writeErrors() {
        return stats.writeErrors();
    }

    /** Mean operations per commit so far. */
    public double meanGroupSize() {
        return stats.meanBatchSize();
    }

    /** Forgets the latency samples (benchmarks measure one phase at a time). */
    public void resetLatency() {
        stats.resetLatency();
    }

    @Override
    public void close() {
        boolean stopped;
        try {
            stopped = writer.close(CLOSE_BOUND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        stopCheckpointer(checkpointer);
        readers.close();
        if (!stopped) {
            // The lock stays held: a new storage in this process must not write beside a writer still committing.
            log.warn("storage writer did not stop within " + CLOSE_BOUND.toSeconds() + "s; its last write may be "
                    + "lost, the file stays consistent");
            return;
        }
        if (!checkpointTruncate()) {
            log.warn("storage could not checkpoint " + database + " at close; the WAL is copied back at next start");
        }
        lock.close();
        log.info("storage closed " + database + " (" + stats.recordsWritten() + " records written, "
                + stats.writeErrors() + " write errors)");
    }

    // --- for Retention and Backup ---

    /**
     * Takes the settings that apply without reopening the file (retention ages, size cap, purge batch, size check
     * interval) from {@code next}; the others stay as opened.
     */
    void applyLive(StorageSettings next) {
        settings = settings.withPolicyOf(next);
    }

    StorageSettings settings() {
        return settings;
    }

    Path database() {
        return database;
    }

    GroupCommitWriter writer() {
        return writer;
    }

    ReadPool readers() {
        return readers;
    }

    StorageLog log() {
        return log;
    }

    /** A new connection for maintenance (checkpoint, backup) outside the writer's transaction; the caller closes it. */
    Connection newConnection() throws SQLException {
        return dataSource.getConnection();
    }

    long fileBytes() {
        return sizeOf(database);
    }

    long walBytes() {
        return sizeOf(database.resolveSibling(database.getFileName() + "-wal"));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static StorageStatus.TableStats tableStats(Connection connection, String table, String sql)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            long count = rows.getLong(1);
            Long oldest = rows.getObject(2) == null ? null : rows.getLong(2);
            Long newest = rows.getObject(3) == null ? null : rows.getLong(3);
            return new StorageStatus.TableStats(table, count, oldest, newest);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing more can be done; SQLite keeps the file consistent.
        }
    }

    private void stopCheckpointer(Checkpointer thread) {
        try {
            if (!thread.close(CLOSE_BOUND.toMillis())) {
                log.warn("storage checkpoint thread did not stop within " + CLOSE_BOUND.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static StorageException failure(String what, SQLException e) {
        return new StorageException(what + " failed: " + e.getMessage(), e);
    }
}
