package io.goadmin.scheduler.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.units.Durations;

/** The scheduler's totals since start, and the two ways they are shown: the heartbeat line and the self-metrics. */
final class Counters {
    /** Module of the scheduler's own metrics. */
    static final String MODULE = "goadmin";

    final AtomicInteger queued = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final LongAdder polls = new LongAdder();
    final LongAdder records = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder writeErrors = new LongAdder();

    /** Failed polls, timed-out polls and failed writes. */
    long totalErrors() {
        return errors.sum() + timeouts.sum() + writeErrors.sum();
    }

    /** For example {@code heartbeat uptime=1m workers.active=0 queue=0 collectors=8 records=1234 errors=0}. */
    String heartbeatLine(long uptimeMillis, int collectors, int stuck, boolean enabled) {
        StringBuilder line = new StringBuilder("heartbeat uptime=")
                .append(Durations.format(Duration.ofSeconds(Math.max(0, uptimeMillis) / 1000)))
                .append(" workers.active=").append(active.get())
                .append(" queue=").append(queued.get())
                .append(" collectors=").append(collectors)
                .append(" records=").append(records.sum())
                .append(" errors=").append(totalErrors());
        if (stuck > 0) {
            line.append(" stuck=").append(stuck);
        }
        if (!enabled) {
            line.append(" enabled=false");
        }
        return line.toString();
    }

    /**
     * The scheduler's own metrics at {@code now}, under module {@value #MODULE}; counts are totals since start.
     *
     * @param lastDurations each collector's last poll duration in milliseconds, by collector name
     */
    List<MetricRecord> selfMetrics(long now, int collectors, int stuck, Map<String, Long> lastDurations) {
        List<MetricRecord> batch = new ArrayList<>();
        batch.add(new MetricRecord(now, MODULE, "scheduler.queue.size", queued.get()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.workers.active", active.get()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.collectors", collectors));
        batch.add(new MetricRecord(now, MODULE, "scheduler.stuck", stuck));
        batch.add(new MetricRecord(now, MODULE, "scheduler.polls", polls.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.errors", errors.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.timeouts", timeouts.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.skipped", skipped.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.records.written", records.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.records.rejected", rejected.sum()));
        batch.add(new MetricRecord(now, MODULE, "scheduler.db.write.errors", writeErrors.sum()));
        lastDurations.forEach((collector, millis) -> batch.add(new MetricRecord(now, MODULE,
                "scheduler.poll.duration.ms", millis, Map.of("collector", collector))));
        return batch;
    }
}
