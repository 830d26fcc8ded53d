package io.goadmin.storage.impl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.goadmin.core.units.DataSizes;
import io.goadmin.core.units.Durations;

/**
 * The storage configuration after parsing and checking: where the files are, the retention policy, and the writer's
 * limits. Build one from the component configuration, or with {@link #defaults(Path)} in tests.
 *
 * @param database the SQLite file
 * @param tmpDir the private folder for the SQLite driver's native library
 * @param metricsRetention how long metrics are kept
 * @param auditRetention how long audit events are kept
 * @param maxDatabaseBytes the size cap past which the oldest metrics are purged
 * @param synchronous {@code NORMAL} or {@code FULL}
 * @param queueCapacity most records waiting for the writer
 * @param writeTimeout how long a save waits for room in a full queue
 * @param busyTimeout how long a connection waits for a lock held by another connection
 * @param walSizeLimit size the write-ahead log is truncated to after a checkpoint
 * @param purgeBatch rows deleted per transaction by retention and purges
 * @param sizeCheckInterval how often the file size is compared with the cap
 */
public record StorageSettings(Path database, Path tmpDir, Duration metricsRetention, Duration auditRetention,
        long maxDatabaseBytes, String synchronous, int queueCapacity, Duration writeTimeout, Duration busyTimeout,
        long walSizeLimit, int purgeBatch, Duration sizeCheckInterval) {

    /** Checks the values that no parser checked. */
    public StorageSettings {
        synchronous = synchronous.trim().toUpperCase(Locale.ROOT);
        if (!"NORMAL".equals(synchronous) && !"FULL".equals(synchronous)) {
            throw new IllegalArgumentException("synchronous '" + synchronous + "' is not accepted: use NORMAL or FULL");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue.capacity '" + queueCapacity + "' is too small: use at least 1");
        }
        if (purgeBatch < 1) {
            throw new IllegalArgumentException("purge.batch '" + purgeBatch + "' is too small: use at least 1");
        }
        if (maxDatabaseBytes < 1024 * 1024) {
            throw new IllegalArgumentException("max.size '" + maxDatabaseBytes + "' is too small: use at least 1MB");
        }
    }

    /** The documented defaults for a database at {@code database}, its private tmp folder beside it. */
    public static StorageSettings defaults(Path database) {
        return new StorageSettings(database, database.resolveSibling("tmp"), Duration.ofDays(30), Duration.ofDays(90),
                1L << 30, "NORMAL", 10_000, Duration.ofSeconds(5), Duration.ofSeconds(5), 64L << 20, 2000,
                Duration.ofMinutes(1));
    }

    /** A copy with the retention ages, size cap, purge batch and size check interval of {@code other}. */
    public StorageSettings withPolicyOf(StorageSettings other) {
        return new StorageSettings(database, tmpDir, other.metricsRetention, other.auditRetention,
                other.maxDatabaseBytes, synchronous, queueCapacity, writeTimeout, busyTimeout, walSizeLimit,
                other.purgeBatch, other.sizeCheckInterval);
    }

    /** The properties of {@code other} that differ from these and take effect only when the file is reopened. */
    public List<String> reopenNeededFor(StorageSettings other) {
        List<String> changed = new ArrayList<>();
        if (!database.equals(other.database)) {
            changed.add("path");
        }
        if (!synchronous.equals(other.synchronous)) {
            changed.add("synchronous");
        }
        if (queueCapacity != other.queueCapacity) {
            changed.add("queue.capacity");
        }
        if (!writeTimeout.equals(other.writeTimeout)) {
            changed.add("write.timeout");
        }
        if (!busyTimeout.equals(other.busyTimeout)) {
            changed.add("busy.timeout");
        }
        if (walSizeLimit != other.walSizeLimit) {
            changed.add("wal.size.limit");
        }
        return changed;
    }

    /** The policy for the log, for example {@code retention metrics 30d, audit 90d, max size 1.0GB}. */
    public String describePolicy() {
        return "retention metrics " + Durations.format(metricsRetention) + ", audit " + Durations.format(auditRetention)
                + ", max size " + DataSizes.format(maxDatabaseBytes);
    }

    /** A copy with another size cap. */
    public StorageSettings withMaxDatabaseBytes(long bytes) {
        return new StorageSettings(database, tmpDir, metricsRetention, auditRetention, bytes, synchronous,
                queueCapacity, writeTimeout, busyTimeout, walSizeLimit, purgeBatch, sizeCheckInterval);
    }

    /** A copy with another queue capacity and full-queue wait. */
    public StorageSettings withQueue(int capacity, Duration timeout) {
        return new StorageSettings(database, tmpDir, metricsRetention, auditRetention, maxDatabaseBytes, synchronous,
                capacity, timeout, busyTimeout, walSizeLimit, purgeBatch, sizeCheckInterval);
    }

    /** A copy with other retention ages. */
    public StorageSettings withRetention(Duration metrics, Duration audit) {
        return new StorageSettings(database, tmpDir, metrics, audit, maxDatabaseBytes, synchronous, queueCapacity,
                writeTimeout, busyTimeout, walSizeLimit, purgeBatch, sizeCheckInterval);
    }

    /** A copy with another purge batch size. */
    public StorageSettings withPurgeBatch(int rows) {
        return new StorageSettings(database, tmpDir, metricsRetention, auditRetention, maxDatabaseBytes, synchronous,
                queueCapacity, writeTimeout, busyTimeout, walSizeLimit, rows, sizeCheckInterval);
    }
}
