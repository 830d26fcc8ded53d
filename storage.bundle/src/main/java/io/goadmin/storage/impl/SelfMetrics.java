package io.goadmin.storage.impl;

import java.util.ArrayList;
import java.util.List;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.StorageStatus;

/**
 * Storage's own health as metrics of module {@value #MODULE}, stored at every size check. Built from counters and
 * file sizes only: no table scan, so it stays cheap on a large database. The latency figures cover the saves since
 * the previous call, so a slowdown shows in the interval it happens; they are left out of an interval without saves.
 * Keys are documented in docs/operations.md, "Self-metrics".
 */
final class SelfMetrics {
    /** The metric module of storage's own metrics. */
    static final String MODULE = "goadmin.storage";

    private SelfMetrics() {
    }

    static List<MetricRecord> of(SqliteStorage storage, long now) {
        StorageStatus.Latency latency = storage.intervalWriteLatency();
        double meanGroupSize = storage.meanGroupSize();
        List<MetricRecord> metrics = new ArrayList<>(List.of(
                new MetricRecord(now, MODULE, "records_written", storage.recordsWritten()),
                new MetricRecord(now, MODULE, "write_errors", storage.writeErrors()),
                new MetricRecord(now, MODULE, "commits", storage.commits()),
                new MetricRecord(now, MODULE, "queue_depth", storage.writer().queueDepth()),
                new MetricRecord(now, MODULE, "group_size_mean", Double.isFinite(meanGroupSize) ? meanGroupSize : 0),
                new MetricRecord(now, MODULE, "file_bytes", storage.fileBytes()),
                new MetricRecord(now, MODULE, "wal_bytes", storage.walBytes()),
                new MetricRecord(now, MODULE, "write_latency_samples", latency.count())));
        if (latency.count() > 0) {
            metrics.add(new MetricRecord(now, MODULE, "write_latency_p95_us", latency.p95Micros()));
            metrics.add(new MetricRecord(now, MODULE, "write_latency_p99_us", latency.p99Micros()));
        }
        return metrics;
    }
}
