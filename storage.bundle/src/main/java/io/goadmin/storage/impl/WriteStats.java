package io.goadmin.storage.impl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.goadmin.core.StorageStatus;

/** The writer's counters and histograms: records written, errors, batch sizes, save latency. Thread-safe. */
final class WriteStats {
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final Histogram latencyMicros = new Histogram(MAX_LATENCY_MICROS, 2);
    private final Histogram batchSizes = new Histogram(1_000_000, 2);

    void committed(int records, int operations) {
        recordsWritten.addAndGet(records);
        commits.incrementAndGet();
        synchronized (batchSizes) {
            batchSizes.recordValue(Math.min(operations, batchSizes.getHighestTrackableValue()));
        }
    }

    void failed(int records) {
        writeErrors.addAndGet(Math.max(records, 1));
    }

    /** Time from a save's arrival to its commit. */
    void latency(long nanos) {
        long micros = Math.min(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)), MAX_LATENCY_MICROS);
        synchronized (latencyMicros) {
            latencyMicros.recordValue(micros);
        }
    }

    long recordsWritten() {
        return recordsWritten.get();
    }

    long writeErrors() {
        return writeErrors.get();
    }

    long commits() {
        return commits.get();
    }

    /** Mean operations per commit: how well concurrent saves are grouped. */
    double meanBatchSize() {
        synchronized (batchSizes) {
            return batchSizes.getMean();
        }
    }

    StorageStatus.Latency latency() {
        synchronized (latencyMicros) {
            return new StorageStatus.Latency(latencyMicros.getTotalCount(),
                    latencyMicros.getValueAtPercentile(50), latencyMicros.getValueAtPercentile(95),
                    latencyMicros.getValueAtPercentile(99), latencyMicros.getMaxValue());
        }
    }

    /** Forgets the latency samples, so a benchmark can measure one phase at a time. */
    void resetLatency() {
        synchronized (latencyMicros) {
            latencyMicros.reset();
        }
    }
}
