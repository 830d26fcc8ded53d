package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Copies the WAL back into the database file on its own thread and connection, so the writer never waits for a
 * checkpoint's copying and fsyncs (the writer's automatic checkpoint is off). {@code PASSIVE} never blocks readers or
 * the writer; once a checkpoint has caught up, the next commit starts the WAL again from its beginning.
 */
final class Checkpointer {
    private static final long PERIOD_MILLIS = 100;

    private final Connection connection;
    private final LongSupplier commits;
    private final StorageLog log;
    private final Thread thread;
    private volatile boolean stopping;

    Checkpointer(Connection connection, LongSupplier commits, StorageLog log) {
        this.connection = connection;
        this.commits = commits;
        this.log = log;
        this.thread = new Thread(this::run, "goadmin-storage-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread (waiting at most {@code millis}) and closes its connection. */
    boolean close(long millis) throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(millis);
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("storage checkpoint connection did not close cleanly: " + e.getMessage());
        }
        return !thread.isAlive();
    }

    private void run() {
        long checkpointedAt = -1;
        try (Statement statement = connection.createStatement()) {
            while (!stopping) {
                try {
                    TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    break;
                }
                long now = commits.getAsLong();
                if (now == checkpointedAt) {
                    continue;
                }
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    checkpointedAt = now;
                } catch (SQLException e) {
                    log.debug("storage checkpoint deferred: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            log.warn("storage checkpoints stopped: " + e.getMessage() + "; the WAL grows until restart");
        }
    }
}
