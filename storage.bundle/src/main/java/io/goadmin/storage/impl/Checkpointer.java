package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Copies the WAL back into the database file on its own thread and connection, so the writer never waits for a
 * checkpoint's copying and fsyncs (the writer's automatic checkpoint is off). {@code PASSIVE} never blocks readers or
 * the writer; once a checkpoint has caught up, the next commit starts the WAL again from its beginning.
 *
 * <p>The thread sleeps until the writer reports a commit ({@link #committed()}), so an idle daemon pays nothing for
 * it; under load it checkpoints at most once per {@value #COALESCE_MILLIS} ms.
 */
final class Checkpointer {
    /**
     * How long the thread waits after a commit before it checkpoints, gathering the commits that follow: the
     * scheduler's polls of one tick arrive within its jitter (1 s by default), so an idle daemon checkpoints about
     * once per tick rather than once per poll, and a busy one keeps at most about a second of writes in the WAL.
     */
    private static final long COALESCE_MILLIS = 1000;

    private final Connection connection;
    private final StorageLog log;
    private final Semaphore commits = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopping;

    Checkpointer(Connection connection, StorageLog log) {
        this.connection = connection;
        this.log = log;
        this.thread = new Thread(this::run, "goadmin-storage-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the writer after each commit: there is WAL to copy back. */
    void committed() {
        if (commits.availablePermits() == 0) {
            commits.release();
        }
    }

    /** Stops the thread (waiting at most {@code millis}) and closes its connection. */
    boolean close(long millis) throws InterruptedException {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(millis);
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("storage checkpoint connection did not close cleanly: " + e.getMessage());
            }
        }
        return !thread.isAlive();
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!stopping) {
                try {
                    commits.acquire();
                    TimeUnit.MILLISECONDS.sleep(COALESCE_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
                commits.drainPermits();
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                } catch (SQLException e) {
                    // The next commit tries again; close() runs a full checkpoint in any case.
                    log.debug("storage checkpoint deferred: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            log.warn("storage checkpoints stopped: " + e.getMessage() + "; the WAL grows until restart");
        }
    }
}
