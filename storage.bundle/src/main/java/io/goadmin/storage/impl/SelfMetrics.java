package io.goadmin.storage.impl;

import java.util.List;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.StorageStatus;

/** Storage's own health as metrics of module {@value #MODULE}, stored at every size check. */
final class SelfMetrics {
    /** The metric module of storage's own metrics. */
    static final String MODULE = "goadmin.storage";

    private SelfMetrics() {
    }

    static List<MetricRecord> of(StorageStatus status, double meanGroupSize, long now) {
        StorageStatus.Latency latency = status.writeLatency();
        return List.of(
                new MetricRecord(now, MODULE, "records_written", status.recordsWritten()),
                new MetricRecord(now, MODULE, "write_errors", status.writeErrors()),
                new MetricRecord(now, MODULE, "queue_depth", status.queueDepth()),
                new MetricRecord(now, MODULE, "group_size_mean", Double.isFinite(meanGroupSize) ? meanGroupSize : 0),
                new MetricRecord(now, MODULE, "file_bytes", status.fileBytes()),
                new MetricRecord(now, MODULE, "wal_bytes", status.walBytes()),
                new MetricRecord(now, MODULE, "write_latency_p95_us", latency.p95Micros()),
                new MetricRecord(now, MODULE, "write_latency_p99_us", latency.p99Micros()));
    }
}
