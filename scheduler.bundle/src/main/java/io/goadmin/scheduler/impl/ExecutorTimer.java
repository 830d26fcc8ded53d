package io.goadmin.scheduler.impl;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The production {@link TaskTimer}: one daemon thread named {@code goadmin-scheduler}. */
final class ExecutorTimer implements TaskTimer {
    private final ScheduledThreadPoolExecutor executor;

    ExecutorTimer() {
        executor = new ScheduledThreadPoolExecutor(1, NamedThreads.single("goadmin-scheduler"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000; // the clock ScheduledThreadPoolExecutor measures delays on
    }

    @Override
    public Future<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }

    @Override
    public boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
