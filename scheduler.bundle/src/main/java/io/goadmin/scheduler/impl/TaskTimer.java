package io.goadmin.scheduler.impl;

import java.util.concurrent.Future;

/**
 * Fires the scheduler's one-shot timed tasks (ticks, deadlines, heartbeat). The real one is a single named thread;
 * tests drive a manual one together with a fixed clock, so jitter and deadlines are checked without sleeping.
 */
interface TaskTimer {

    /** Runs {@code task} once after {@code delayMillis}; the returned future cancels it. */
    Future<?> schedule(Runnable task, long delayMillis);

    /** Stops firing: tasks not yet run are dropped. Returns at once. */
    void shutdown();

    /** Waits up to {@code millis} for a task that is running now to finish; true if none is left. */
    boolean awaitTermination(long millis) throws InterruptedException;
}
