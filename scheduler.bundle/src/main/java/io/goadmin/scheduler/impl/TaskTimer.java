package io.goadmin.scheduler.impl;

import java.util.concurrent.Future;

/**
 * Fires the scheduler's one-shot timed tasks (ticks, deadlines, heartbeat). The real one is a single named thread;
 * tests drive a manual one together with a fixed wall clock, so jitter, deadlines and clock jumps are checked without
 * sleeping.
 */
interface TaskTimer {

    /**
     * The timer's own time in milliseconds, from an arbitrary origin: delays run on it, and it never jumps when the
     * wall clock is set, so schedules are worked out on it and the wall clock only stamps records.
     */
    long now();

    /** Runs {@code task} once after {@code delayMillis}; the returned future cancels it. */
    Future<?> schedule(Runnable task, long delayMillis);

    /** Stops firing: tasks not yet run are dropped. Returns at once. */
    void shutdown();

    /** Waits up to {@code millis} for a task that is running now to finish; true if none is left. */
    boolean awaitTermination(long millis) throws InterruptedException;
}
