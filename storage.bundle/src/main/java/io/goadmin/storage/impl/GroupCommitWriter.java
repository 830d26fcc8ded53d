package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.goadmin.core.StorageException;
import io.goadmin.core.units.Durations;

/**
 * The only thread that writes. Callers hand it work through a bounded queue and wait; it takes everything that has
 * arrived and commits it as one transaction (group commit), so concurrent callers share each commit. When the queue
 * is full a caller waits up to {@code offerTimeout} and then gets a {@link StorageException}: memory stays bounded and
 * nothing is dropped silently. A caller is answered once its work is committed or has failed, or, if the commit does
 * not come within {@code answerTimeout} (a hung disk) or the caller is interrupted (shutdown), as soon as that
 * happens: work still in the queue is taken out and reported not stored; work the writer already has is reported as
 * possibly stored, since its commit may still succeed.
 *
 * <p>A failed commit discards the writer's connection; the next group opens a new one, so writing resumes by itself
 * once the cause (a full disk, a file made read-only) is gone.
 */
final class GroupCommitWriter {
    /** Most operations in one transaction, so one commit never holds the write lock for long. */
    private static final int MAX_GROUP = 4096;

    /**
     * SQLite primary result codes that say the database or its disk failed, not one operation's data: BUSY, LOCKED,
     * NOMEM, READONLY, INTERRUPT, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB. Retrying a group's operations one
     * by one would only fail each again.
     */
    private static final Set<Integer> DATABASE_FAILURES = Set.of(5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 26);

    /** One unit of work run on the writer's connection inside the group's transaction. */
    @FunctionalInterface
    interface Work<T> {
        T apply(WriterSession session) throws SQLException;
    }

    /** Opens a connection for the writer, with auto-commit off. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int capacity;
    private final Duration offerTimeout;
    private final Duration answerTimeout;
    private final WriteStats stats;
    private final StorageLog log;
    private final Runnable afterCommit;
    private final Semaphore room;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Pending<Void> stop = new Pending<>(session -> null, 0, 0, 0);
    private final Thread thread;
    private volatile boolean closing;
    /** The writer thread's session; null after a failure until the next group reopens it. */
    private WriterSession session;
    /** Operations failed since the last successful commit (writer thread only), for the "resumed" line. */
    private long failedSinceCommit;

    /**
     * Opens the first session (so a database that cannot be written is refused at start) and starts the thread.
     *
     * @param offerTimeout how long a caller waits for room in a full queue
     * @param answerTimeout how long a queued caller waits for its commit before it gives up (generous: a slow commit
     *     is still answered; only a writer stuck for this long is not)
     * @param afterCommit told after every successful commit (the checkpointer's signal)
     */
    GroupCommitWriter(Opener opener, int capacity, Duration offerTimeout, Duration answerTimeout, WriteStats stats,
            StorageLog log, Runnable afterCommit) throws SQLException {
        this.opener = opener;
        this.capacity = capacity;
        this.offerTimeout = offerTimeout;
        this.answerTimeout = answerTimeout;
        this.stats = stats;
        this.log = log;
        this.afterCommit = afterCommit;
        this.room = new Semaphore(capacity);
        this.session = WriterSession.on(opener.open());
        this.thread = new Thread(this::run, "goadmin-storage-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code work} in the next group commit and returns its result once committed.
     *
     * @param records how many records it stores, counted against the queue capacity and the write counter
     * @throws StorageException if the queue stayed full, the writer is stopping, the commit failed, or no answer came
     *     within the answer timeout or before the caller was interrupted (then the interrupt flag is set again, and
     *     the message says whether the work may still be stored)
     */
    <T> T submit(int records, Work<T> work) {
        long arrived = System.nanoTime(); // the latency a caller sees includes waiting for room
        int permits = Math.max(1, Math.min(records, capacity));
        if (closing) {
            throw new StorageException("storage is stopping; the write was not stored");
        }
        try {
            if (!room.tryAcquire(permits, offerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stats.failed(records);
                throw new StorageException("storage write queue is full (" + capacity + " records waited more than "
                        + offerTimeout.toMillis() + " ms); the write was not stored; fix: look for a slow disk, or "
                        + "raise queue.capacity or write.timeout in etc/goadmin.storage.cfg");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for room in the storage queue; nothing was stored");
        }
        Pending<T> pending = new Pending<>(work, records, permits, arrived);
        queue.add(pending);
        if (closing && queue.remove(pending)) {
            room.release(permits);
            throw new StorageException("storage is stopping; the write was not stored");
        }
        return await(pending);
    }

    private <T> T await(Pending<T> pending) {
        try {
            if (pending.await(answerTimeout)) {
                return pending.outcome();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return giveUp(pending, "interrupted while waiting for the storage commit");
        }
        return giveUp(pending, "no storage commit within " + Durations.format(answerTimeout) + " (is the disk hung?)");
    }

    /** Stops waiting for {@code pending}: out of the queue if the writer has not taken it yet. */
    private <T> T giveUp(Pending<T> pending, String why) {
        if (queue.remove(pending)) {
            room.release(pending.permits);
            stats.failed(pending.records);
            throw new StorageException(why + "; the write was not stored");
        }
        if (pending.isDone()) {
            return pending.outcome(); // answered just now
        }
        throw new StorageException(why + "; the writer already had the write, so its outcome is unknown: it may or "
                + "may not be committed");
    }

    /** Records and operations waiting for the writer. */
    int queueDepth() {
        return capacity - room.availablePermits();
    }

    int capacity() {
        return capacity;
    }

    /**
     * Commits what is queued, stops the thread, closes its connection, and waits for it at most {@code bound}.
     *
     * @return false if the thread was still busy after {@code bound}
     */
    boolean close(Duration bound) throws InterruptedException {
        closing = true;
        queue.add(stop);
        thread.join(bound.toMillis());
        return !thread.isAlive();
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                group.add(queue.take());
                queue.drainTo(group, MAX_GROUP - 1);
                stopping = group.remove(stop);
                if (!group.isEmpty()) {
                    commit(group);
                }
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error bug) {
            log.error("storage writer stopped by a bug", bug);
        } finally {
            closing = true;
            failAll(group);
            List<Pending<?>> left = new ArrayList<>();
            queue.drainTo(left);
            failAll(left);
            discardSession();
        }
    }

    private void commit(List<Pending<?>> group) {
        WriterSession current;
        try {
            current = openSession();
        } catch (SQLException e) {
            failGroup(group, e);
            return;
        }
        try {
            for (Pending<?> pending : group) {
                pending.apply(current);
            }
            current.connection().commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            discardSession();
            if (group.size() == 1 || isDatabaseFailure(e)) {
                failGroup(group, e);
            } else {
                // One bad operation must not fail its neighbours: retry each on its own.
                for (Pending<?> pending : group) {
                    commit(List.of(pending));
                }
            }
            return;
        } catch (Error bug) {
            // A linkage error or the like: this group fails, the thread lives on for the next one.
            rollback();
            discardSession();
            log.error("storage write failed by a bug", bug);
            failGroup(group, new StorageException("storage write failed: " + bug));
            return;
        }
        succeed(group);
        afterCommit.run();
    }

    private WriterSession openSession() throws SQLException {
        if (session == null) {
            session = WriterSession.on(opener.open());
            log.debug("storage writer reopened the database after a failed write");
        }
        return session;
    }

    private void discardSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private static boolean isDatabaseFailure(Exception e) {
        return e instanceof SQLException sql && DATABASE_FAILURES.contains(sql.getErrorCode() & 0xff);
    }

    private void succeed(List<Pending<?>> group) {
        long now = System.nanoTime();
        int records = 0;
        for (Pending<?> pending : group) {
            records += pending.records;
            if (pending.records > 0) {
                // Saves only: purge, vacuum and job-state turns store no record and would blur the figure.
                stats.latency(now - pending.enqueuedNanos);
            }
        }
        stats.committed(records, group.size());
        if (failedSinceCommit > 0) {
            log.info("storage writes resumed after " + failedSinceCommit + " failed writes");
            failedSinceCommit = 0;
        }
        for (Pending<?> pending : group) {
            room.release(pending.permits);
            pending.done(null);
        }
    }

    /** Fails every operation of the group with one log line, so a full disk does not log a line per caller. */
    private void failGroup(List<Pending<?>> group, Exception cause) {
        log.warn("storage write failed: " + cause.getMessage());
        StorageException failure = cause instanceof StorageException storage ? storage
                : new StorageException("storage write failed: " + cause.getMessage(), cause);
        failedSinceCommit += group.size();
        for (Pending<?> pending : group) {
            stats.failed(pending.records);
            room.release(pending.permits);
            pending.done(failure);
        }
    }

    private void failAll(List<Pending<?>> pendings) {
        for (Pending<?> pending : pendings) {
            if (!pending.isDone()) {
                room.release(pending.permits);
                pending.done(new StorageException("storage stopped before the write was committed; it was not stored"));
            }
        }
    }

    private void rollback() {
        if (session == null) {
            return;
        }
        try {
            session.connection().rollback();
        } catch (SQLException e) {
            // SQLite rolls back by itself on a full disk or an I/O error; the session is discarded either way.
            log.debug("storage rollback after a failed write: " + e.getMessage());
        }
    }

    /** One caller's work and the answer it waits for. */
    private static final class Pending<T> {
        private final Work<T> work;
        private final int records;
        private final int permits;
        private final long enqueuedNanos;
        private final CountDownLatch latch = new CountDownLatch(1);
        private T result;
        private RuntimeException failure;

        Pending(Work<T> work, int records, int permits, long enqueuedNanos) {
            this.work = work;
            this.records = records;
            this.permits = permits;
            this.enqueuedNanos = enqueuedNanos;
        }

        void apply(WriterSession session) throws SQLException {
            result = work.apply(session);
        }

        // Called by the writer thread only; the latch publishes result and failure to the caller.
        void done(RuntimeException outcome) {
            if (outcome != null) {
                result = null;
                failure = outcome;
            }
            latch.countDown();
        }

        boolean isDone() {
            return latch.getCount() == 0;
        }

        /** Waits at most {@code bound} for the answer; false if it has not come. */
        boolean await(Duration bound) throws InterruptedException {
            return latch.await(bound.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** The answer, once {@link #isDone()}: the result, or the failure thrown. */
        T outcome() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
