package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.StorageException;

/**
 * A caller waiting for its commit while the writer is held (as on a hung disk): an interrupt or the answer timeout
 * frees it, and the answer says truthfully whether the write may still be stored.
 */
class WriterWaitTest {
    private static final long T0 = StorageTestSupport.NOW.toEpochMilli();

    @TempDir
    Path folder;
    private SQLiteDataSource dataSource;
    private final WriteStats stats = new WriteStats();
    /** Holds the writer inside the first operation until released. */
    private final Semaphore release = new Semaphore(0);
    private final CountDownLatch held = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private GroupCommitWriter writer;

    @BeforeEach
    void openDatabase() {
        StorageTestSupport.open(folder).close();
        Path database = StorageTestSupport.databaseIn(folder);
        dataSource = SqliteFile.dataSource(database, StorageSettings.defaults(database));
    }

    @AfterEach
    void closeWriter() throws InterruptedException {
        release.release(100);
        callers.shutdownNow();
        assertThat(callers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        if (writer != null) {
            assertThat(writer.close(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void interruptedCallersStopWaitingAndLearnWhetherTheirWriteMayBeStored() throws Exception {
        start(Duration.ofMinutes(10));
        Future<Outcome> inFlight = callers.submit(() -> save(1, true));
        assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
        Future<Outcome> queued = callers.submit(() -> save(2, false));
        awaitQueueDepth(2);

        callers.shutdownNow(); // interrupts both, as the scheduler's shutdown does

        Outcome queuedOutcome = queued.get(1, TimeUnit.MINUTES);
        assertThat(queuedOutcome.failure()).isInstanceOf(StorageException.class)
                .hasMessageContaining("interrupted").hasMessageContaining("the write was not stored");
        assertThat(queuedOutcome.interruptedAfter()).as("the interrupt flag is set again").isTrue();
        Outcome inFlightOutcome = inFlight.get(1, TimeUnit.MINUTES);
        assertThat(inFlightOutcome.failure()).isInstanceOf(StorageException.class)
                .hasMessageContaining("interrupted").hasMessageContaining("may or may not be committed");
        assertThat(inFlightOutcome.interruptedAfter()).isTrue();

        release.release();
        writer.submit(1, session -> session.insertMetric(record(3)));
        assertThat(storedTimestamps()).as("the held write committed after all; the queued one never ran")
                .containsExactly(T0 + 1, T0 + 3);
        assertThat(writer.queueDepth()).isZero();
    }

    @Test
    void aWriterHeldPastTheAnswerTimeoutFreesItsCallers() throws Exception {
        start(Duration.ofMillis(200));
        Future<Outcome> inFlight = callers.submit(() -> save(1, true));
        assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
        Future<Outcome> queued = callers.submit(() -> save(2, false));

        assertThat(queued.get(1, TimeUnit.MINUTES).failure()).isInstanceOf(StorageException.class)
                .hasMessageContaining("no storage commit within 200ms").hasMessageContaining("not stored");
        assertThat(inFlight.get(1, TimeUnit.MINUTES).failure()).isInstanceOf(StorageException.class)
                .hasMessageContaining("no storage commit within 200ms").hasMessageContaining("may or may not");
        assertThat(stats.writeErrors()).as("only the write known not to be stored").isEqualTo(1);

        release.release();
        writer.submit(1, session -> session.insertMetric(record(3)));
        assertThat(storedTimestamps()).containsExactly(T0 + 1, T0 + 3);
    }

    @Test
    void aSlowCommitWithinTheAnswerTimeoutIsAnsweredNormally() throws Exception {
        start(Duration.ofMinutes(10));
        Future<Outcome> inFlight = callers.submit(() -> save(1, true));
        assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
        Future<Outcome> queued = callers.submit(() -> save(2, false));
        awaitQueueDepth(2);

        release.release();

        assertThat(inFlight.get(1, TimeUnit.MINUTES).failure()).isNull();
        assertThat(queued.get(1, TimeUnit.MINUTES).failure()).isNull();
        assertThat(storedTimestamps()).containsExactly(T0 + 1, T0 + 2);
    }

    private void start(Duration answerTimeout) throws SQLException {
        writer = new GroupCommitWriter(this::open, 1000, Duration.ofSeconds(5), answerTimeout, stats, new TestLog(),
                () -> { });
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Saves one record; {@code hold} keeps the writer inside this save until {@link #release} has a permit. */
    private Outcome save(int offset, boolean hold) {
        try {
            writer.submit(1, session -> {
                if (hold) {
                    held.countDown();
                    release.acquireUninterruptibly();
                }
                return session.insertMetric(record(offset));
            });
            return new Outcome(null, Thread.currentThread().isInterrupted());
        } catch (StorageException e) {
            return new Outcome(e, Thread.currentThread().isInterrupted());
        }
    }

    private static MetricRecord record(int offset) {
        return new MetricRecord(T0 + offset, "test", "value", offset);
    }

    private void awaitQueueDepth(int depth) throws InterruptedException {
        while (writer.queueDepth() < depth) {
            Thread.sleep(5);
        }
    }

    private List<Long> storedTimestamps() throws SQLException {
        List<Long> timestamps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT ts FROM metrics ORDER BY ts")) {
            while (rows.next()) {
                timestamps.add(rows.getLong(1));
            }
        }
        return timestamps;
    }

    private record Outcome(StorageException failure, boolean interruptedAfter) {
    }
}
