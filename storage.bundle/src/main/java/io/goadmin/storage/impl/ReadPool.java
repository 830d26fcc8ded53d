package io.goadmin.storage.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.goadmin.core.StorageException;

/**
 * A few read-only connections. In WAL mode readers see a consistent snapshot and never block the writer, so
 * queries run beside the group commits.
 */
final class ReadPool {
    /** A read on a borrowed connection. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final Duration wait;

    ReadPool(DataSource dataSource, int size, Duration wait) throws SQLException {
        this.idle = new ArrayBlockingQueue<>(size);
        this.wait = wait;
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = dataSource.getConnection();
                all.add(connection);
                try (var statement = connection.createStatement()) {
                    statement.execute("PRAGMA query_only = 1");
                }
                idle.add(connection);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    <T> T read(String what, Read<T> read) {
        Connection connection;
        try {
            connection = idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(what + " was interrupted");
        }
        if (connection == null) {
            throw new StorageException(what + " found every read connection busy for " + wait.toMillis() + " ms");
        }
        try {
            return read.apply(connection);
        } catch (SQLException e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    void close() {
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing is best effort; the file stays consistent either way.
            }
        }
        all.clear();
    }
}
