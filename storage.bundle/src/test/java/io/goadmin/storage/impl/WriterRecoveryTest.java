package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.StorageException;

/**
 * The writer after a failed commit: SQLite rolls back by itself on a full disk and the driver closes the statement
 * that failed, so a writer that kept its connection would never write again. These tests break a real SQLite file
 * the way a full disk or a read-only file does (through {@code PRAGMA max_page_count} and {@code query_only} on the
 * writer's connections), then mend it, and check that writing resumes by itself and that exactly the records whose
 * save returned are stored.
 */
class WriterRecoveryTest {
    private static final long T0 = StorageTestSupport.NOW.toEpochMilli();

    @TempDir
    Path folder;
    private SQLiteDataSource dataSource;
    private final TestLog log = new TestLog();
    private final WriteStats stats = new WriteStats();
    /** A pragma applied to every connection the writer opens while set: the fault. */
    private final AtomicReference<String> fault = new AtomicReference<>();
    private GroupCommitWriter writer;

    @BeforeEach
    void openDatabase() throws SQLException {
        StorageTestSupport.open(folder).close();
        Path database = StorageTestSupport.databaseIn(folder);
        dataSource = SqliteFile.dataSource(database, StorageSettings.defaults(database));
        writer = new GroupCommitWriter(this::openWithFault, 1000, Duration.ofSeconds(5), Duration.ofMinutes(1), stats,
                log, () -> { });
    }

    @AfterEach
    void closeWriter() throws InterruptedException {
        assertThat(writer.close(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void writingResumesByItselfAfterTheDiskWasFull() throws SQLException {
        List<MetricRecord> stored = new ArrayList<>(save(0, 10));
        String full = "PRAGMA max_page_count = " + pageCount();
        fault.set(full);
        applyToCurrentSession(full);

        StorageException failure = saveUntilItFails(1_000_000, stored);
        assertThat(failure).hasMessageContaining("full");
        assertThatThrownBy(() -> save(10_000_000, 200)).as("still full: the reopened connection is limited too")
                .isInstanceOf(StorageException.class);

        fault.set(null);
        stored.addAll(save(20_000_000, 10));
        stored.addAll(save(30_000_000, 200));

        assertThat(storedTimestamps()).containsExactlyElementsOf(stored.stream().map(MetricRecord::ts).toList());
        assertThat(stats.writeErrors()).isPositive();
        assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO storage writes resumed after "));
    }

    @Test
    void writingResumesAfterTheFileWasReadOnly() throws SQLException {
        List<MetricRecord> stored = new ArrayList<>(save(0, 5));
        fault.set("PRAGMA query_only = 1");
        applyToCurrentSession("PRAGMA query_only = 1");

        assertThatThrownBy(() -> save(1000, 5)).isInstanceOf(StorageException.class)
                .hasMessageContaining("readonly");
        assertThatThrownBy(() -> save(2000, 5)).isInstanceOf(StorageException.class)
                .hasMessageContaining("readonly");

        fault.set(null);
        stored.addAll(save(3000, 5));

        assertThat(storedTimestamps()).containsExactlyElementsOf(stored.stream().map(MetricRecord::ts).toList());
        assertThat(log.lines()).noneMatch(line -> line.contains("statement is not executing"));
    }

    private Connection openWithFault() throws SQLException {
        Connection connection = dataSource.getConnection();
        String pragma = fault.get();
        if (pragma != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(pragma);
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private void applyToCurrentSession(String pragma) {
        writer.submit(0, session -> {
            try (Statement statement = session.connection().createStatement()) {
                statement.execute(pragma);
            }
            return null;
        });
    }

    /** Saves batches of 200 records until one fails (the disk fills), adding the saved ones to {@code stored}. */
    private StorageException saveUntilItFails(int from, List<MetricRecord> stored) {
        for (int batch = 0; batch < 1000; batch++) {
            try {
                stored.addAll(save(from + batch * 200, 200));
            } catch (StorageException e) {
                return e;
            }
        }
        throw new AssertionError("the database never filled up");
    }

    /** Saves {@code count} records with timestamps from {@code T0 + first}; returns them once committed. */
    private List<MetricRecord> save(int first, int count) {
        List<MetricRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new MetricRecord(T0 + first + i, "test", "value_with_a_long_key_to_fill_pages", i));
        }
        writer.submit(records.size(), session -> session.insertMetrics(records));
        return records;
    }

    private long pageCount() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return SqliteFile.longPragma(connection, "PRAGMA page_count");
        }
    }

    private List<Long> storedTimestamps() throws SQLException {
        List<Long> timestamps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                var rows = connection.createStatement().executeQuery("SELECT ts FROM metrics ORDER BY ts")) {
            while (rows.next()) {
                timestamps.add(rows.getLong(1));
            }
        }
        return timestamps;
    }
}
