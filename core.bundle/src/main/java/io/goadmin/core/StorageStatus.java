package io.goadmin.core;

import java.util.List;

/**
 * A snapshot of the storage layer for the status command and self-metrics.
 *
 * @param file the SQLite file
 * @param fileBytes its size
 * @param walBytes the size of its write-ahead log
 * @param schemaVersion the applied migration version
 * @param tables row counts and time span per table
 * @param writeLatency latency from a save's arrival to its commit, over every save of records since start
 * @param queueDepth records waiting for the writer
 * @param queueCapacity the most records that may wait
 * @param recordsWritten metric records committed since start
 * @param writeErrors failed writes since start
 * @param retention the retention policy in force
 * @param lastPurge the last purge, or null
 */
public record StorageStatus(String file, long fileBytes, long walBytes, String schemaVersion, List<TableStats> tables,
        Latency writeLatency, int queueDepth, int queueCapacity, long recordsWritten, long writeErrors,
        Retention retention, PurgeResult lastPurge) {

    /** Rows and time span of one table; the timestamps are null when it is empty. */
    public record TableStats(String table, long rows, Long oldestTs, Long newestTs) {
    }

    /** Latency percentiles in microseconds, over {@code count} samples. */
    public record Latency(long count, long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
    }

    /** The retention policy: ages in milliseconds, size cap in bytes. */
    public record Retention(long metricsMaxAgeMillis, long auditMaxAgeMillis, long maxDatabaseBytes) {
    }
}
