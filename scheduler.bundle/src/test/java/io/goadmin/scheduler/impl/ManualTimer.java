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
 * A {@link TaskTimer} the test drives: time stands still until {@link #advance} moves it, running every task that
 * falls due, in order, on the test's thread. The wall clock moves with it, unless the test sets the wall clock alone
 * ({@link #jumpWallClock}).
 */
final class ManualTimer implements TaskTimer {
    final Fixed clock = new Fixed(1_800_000_000_000L);
    private long now = 5_000_000; // the timer's own time: any origin
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
        Task scheduled = new Task(task, now + Math.max(0, delayMillis), sequence++);
        tasks.add(scheduled);
        return scheduled;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    /** Moves time forward by {@code step}, running each task as its time comes. */
    void advance(Duration step) {
        long target;
        synchronized (this) {
            target = now + step.toMillis();
        }
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
                moveTo(next.due);
                next.run();
            }
        }
        moveTo(target);
    }

    /** Moves time forward by {@code step} without running anything, as when the timer thread stalls. */
    void stall(Duration step) {
        synchronized (this) {
            moveTo(now + step.toMillis());
        }
    }

    /** Sets the wall clock alone, as an admin or NTP would: the timer's time does not move. */
    void jumpWallClock(Duration step) {
        clock.set(clock.millis() + step.toMillis());
    }

    private synchronized void moveTo(long time) {
        if (time > now) {
            clock.set(clock.millis() + time - now);
            now = time;
        }
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
