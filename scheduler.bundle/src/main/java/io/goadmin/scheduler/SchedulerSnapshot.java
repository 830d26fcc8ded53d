package io.goadmin.scheduler;

import java.util.List;

/**
 * The scheduler at one moment. Times are UTC epoch milliseconds.
 *
 * @param startedAt when the scheduler was activated
 * @param enabled false when polling is switched off by configuration
 * @param intervalMillis the default poll interval
 * @param jitterMillis the largest random delay added to a tick
 * @param timeoutMillis the default deadline of one poll
 * @param workers the most polls that run at once
 * @param activeWorkers polls running now
 * @param queueSize polls due but waiting for a worker
 * @param recordsWritten records stored since start
 * @param errors failed polls and failed writes since start
 * @param collectors every tracked collector, by name
 */
public record SchedulerSnapshot(long startedAt, boolean enabled, long intervalMillis, long jitterMillis,
        long timeoutMillis, int workers, int activeWorkers, int queueSize, long recordsWritten, long errors,
        List<CollectorStatus> collectors) {
}
