package io.goadmin.scheduler.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TaskTimer} the test drives: time stands still until {@link #advance} moves the clock, running every task
 * that falls due, in order, on the test's thread.
 */
final class ManualTimer implements TaskTimer {
    final Fixed clock = new Fixed(1_800_000_000_000L);
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;

    /** A clock that only moves when told. */
    static final class Fixed extends Clock {
        private final AtomicLong millis;

        Fixed(long start) {
            millis = new AtomicLong(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void set(long value) {
            millis.set(value);
        }
    }

    private static final class Task extends FutureTask<Void> implements Comparable<Task> {
        final long due;
        final long order;

        Task(Runnable task, long due, long order) {
            super(task, null);
            this.due = due;
            this.order = order;
        }

        @Override
        public int compareTo(Task other) {
            return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
        }
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayMillis) {
        if (shutdown) {
            throw new RejectedExecutionException("timer stopped");
        }
        Task scheduled = new Task(task, clock.millis() + Math.max(0, delayMillis), sequence++);
        tasks.add(scheduled);
        return scheduled;
    }

    /** Moves the clock forward by {@code step}, running each task as its time comes. */
    void advance(Duration step) {
        long target = clock.millis() + step.toMillis();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    break;
                }
                tasks.poll();
            }
            if (!next.isCancelled()) {
                clock.set(Math.max(clock.millis(), next.due));
                next.run();
            }
        }
        clock.set(target);
    }

    /** How many tasks wait, cancelled ones left out. */
    synchronized long pending() {
        return tasks.stream().filter(task -> !task.isCancelled()).count();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        tasks.clear();
    }

    @Override
    public boolean awaitTermination(long millis) {
        return true;
    }
}
