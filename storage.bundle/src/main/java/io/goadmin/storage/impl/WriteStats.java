package io.goadmin.storage.impl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.goadmin.core.StorageStatus;

/**
 * The writer's counters and histograms: records written, errors, batch sizes, save latency. Latency is kept twice:
 * since start (for status) and per interval (for self-metrics, so a slowdown now is not averaged away by hours of
 * fast commits). Thread-safe.
 */
final class WriteStats {
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final Histogram latencyMicros = new Histogram(MAX_LATENCY_MICROS, 2);
    private final Recorder intervalMicros = new Recorder(MAX_LATENCY_MICROS, 2);
    /** The last interval histogram, handed back to the recorder for reuse; guarded by {@code intervalMicros}. */
    private Histogram lastInterval;
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
        intervalMicros.recordValue(micros);
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

    /** Save latency since start (or since {@link #resetLatency()}). */
    StorageStatus.Latency latency() {
        synchronized (latencyMicros) {
            return summary(latencyMicros);
        }
    }

    /** Save latency since the previous call: each sample is reported by exactly one call. */
    StorageStatus.Latency intervalLatency() {
        synchronized (intervalMicros) {
            lastInterval = intervalMicros.getIntervalHistogram(lastInterval);
            return summary(lastInterval);
        }
    }

    /** Forgets the latency samples, so a benchmark can measure one phase at a time. */
    void resetLatency() {
        synchronized (latencyMicros) {
            latencyMicros.reset();
        }
        synchronized (intervalMicros) {
            intervalMicros.reset();
        }
    }

    private static StorageStatus.Latency summary(Histogram micros) {
        return new StorageStatus.Latency(micros.getTotalCount(), micros.getValueAtPercentile(50),
                micros.getValueAtPercentile(95), micros.getValueAtPercentile(99), micros.getMaxValue());
    }
}
