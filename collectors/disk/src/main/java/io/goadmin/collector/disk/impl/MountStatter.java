package io.goadmin.collector.disk.impl;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks for the space of mount points on one helper thread, waiting at most a timeout for each and never past the
 * poll's deadline, so a hung mount (a dead NFS server) cannot hang the poll. The system call cannot be interrupted, so a thread that does not return is
 * abandoned: its mount point is skipped until the call returns, and a fresh helper takes over. Once
 * {@code maxAbandoned} abandoned threads exist, only <em>trusted</em> mount points (the caller's word: ones that
 * answered last time, or local block devices) are still asked, on one reserved helper, so hung network mounts
 * cannot hide the local disks; the others are {@link Skipped}. If the reserved helper is abandoned too, everything
 * is skipped until a stuck call returns: at most {@code maxAbandoned + 1} threads are ever stuck. Threads are
 * daemons, so an abandoned one never holds the JVM. Used by one poll at a time.
 */
final class MountStatter implements AutoCloseable {

    /** Reads the space of one mount point: {@link Statvfs#read} where JNA works, else {@link #FILE_SPACE}. */
    @FunctionalInterface
    interface SpaceReader {
        Space read(String path) throws IOException;
    }

    /**
     * Sizes in bytes (all blocks, free blocks, blocks available to unprivileged users) and inode counts (all, free),
     * the inode counts -1 when unknown.
     */
    record Space(long total, long free, long available, long inodes, long inodesFree) {
        /** Sizes without inode counts. */
        Space(long total, long free, long available) {
            this(total, free, available, -1, -1);
        }

        /** True if the inode counts are known and make sense (btrfs, vfat and some others report zero inodes). */
        boolean hasInodes() {
            return inodes > 0 && inodesFree >= 0 && inodesFree <= inodes;
        }
    }

    /** What asking for one mount point gave. */
    sealed interface Outcome permits Measured, Hung, Skipped, Failed {
    }

    /** The space was read. */
    record Measured(Space space) implements Outcome {
    }

    /** The call did not return in time, or an earlier call for it has not returned yet. */
    record Hung(boolean newlyHung) implements Outcome {
    }

    /** Not asked, for {@code reason}. */
    record Skipped(Reason reason) implements Outcome {
    }

    /** Why a mount point was not asked. */
    enum Reason {
        /** Too many helper threads are stuck in hung mounts for this mount point to get one. */
        STUCK_THREADS,
        /** No time was left before the poll's deadline. */
        DEADLINE
    }

    /** The call failed. */
    record Failed(String reason) implements Outcome {
    }

    /** statvfs through java.io.File (three calls, no inode counts); a mount point it cannot read reports zero sizes. */
    static final SpaceReader FILE_SPACE = path -> {
        java.io.File file = new java.io.File(path);
        return new Space(file.getTotalSpace(), file.getFreeSpace(), file.getUsableSpace());
    };

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final SpaceReader reader;
    private final Duration timeout;
    private final int maxAbandoned;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger abandoned = new AtomicInteger();
    private ExecutorService helper;
    private boolean closed;

    MountStatter(SpaceReader reader, Duration timeout, int maxAbandoned) {
        this.reader = reader;
        this.timeout = timeout;
        this.maxAbandoned = maxAbandoned;
    }

    /**
     * The space of {@code path}, waiting at most the timeout and never past {@code askBy} (the poll's deadline, less
     * time to finish): a poll that outlives its deadline loses every record, not just this one. A {@code trusted}
     * mount point may still use the reserved helper once the bound of abandoned threads is reached.
     *
     * @throws InterruptedException if the poll was interrupted while waiting; the helper is abandoned as on a timeout
     */
    synchronized Outcome stat(String path, boolean trusted, Instant askBy) throws InterruptedException {
        if (closed) {
            return new Failed("stopped");
        }
        if (pending.contains(path)) {
            return new Hung(false);
        }
        if (abandoned.get() >= (trusted ? maxAbandoned + 1 : maxAbandoned)) {
            return new Skipped(Reason.STUCK_THREADS);
        }
        Duration left = Duration.between(Instant.now(), askBy);
        long waitNanos = left.compareTo(timeout) < 0 ? left.toNanos() : timeout.toNanos();
        if (waitNanos <= 0) {
            return new Skipped(Reason.DEADLINE);
        }
        if (helper == null) {
            helper = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "goadmin-disk-stat-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        // 0 running, 1 returned in time, 2 abandoned: whoever changes it first decides who counts the thread
        AtomicInteger state = new AtomicInteger();
        pending.add(path);
        Future<Space> result = helper.submit(() -> {
            try {
                return reader.read(path);
            } finally {
                pending.remove(path);
                if (!state.compareAndSet(0, 1)) {
                    abandoned.decrementAndGet();
                }
            }
        });
        try {
            return new Measured(result.get(waitNanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return abandon(state) ? new Hung(true) : outcomeOf(result);
        } catch (ExecutionException e) {
            return failed(e.getCause());
        } catch (InterruptedException e) {
            // the call may be stuck: counting and replacing its thread keeps the next poll from queueing behind it
            abandon(state);
            throw e;
        }
    }

    /** Gives up the helper running a call, counted as abandoned; false if the call returned just now after all. */
    private boolean abandon(AtomicInteger state) {
        abandoned.incrementAndGet();
        if (!state.compareAndSet(0, 2)) {
            abandoned.decrementAndGet();
            return false;
        }
        helper.shutdown(); // the stuck thread ends by itself once its call returns
        helper = null;
        return true;
    }

    /** Helper threads that were abandoned and have not returned yet. */
    int abandonedThreads() {
        return Math.max(0, abandoned.get());
    }

    /** True while so many helper threads are stuck that untrusted mount points are skipped. */
    boolean saturated() {
        return abandoned.get() >= maxAbandoned;
    }

    /** Stops the helper; a thread stuck in a hung mount is left to end by itself (it is a daemon). */
    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (helper != null) {
            helper.shutdownNow();
            helper.awaitTermination(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            helper = null;
        }
    }

    private static Outcome outcomeOf(Future<Space> result) throws InterruptedException {
        try {
            return new Measured(result.get());
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
    }

    private static Outcome failed(Throwable cause) {
        return new Failed(cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
