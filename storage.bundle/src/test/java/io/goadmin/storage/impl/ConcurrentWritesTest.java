package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.StorageException;

class ConcurrentWritesTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 10_000;

    @TempDir
    Path folder;

    @Test
    void eightThreadsSavingTenThousandEachStoreExactlyEveryRecord() throws Exception {
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String thread = Integer.toString(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        storage.saveMetric(new MetricRecord(1_000_000L + i, "load", "value", i,
                                Map.of("thread", thread)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

            assertThat(storage.status().tables().get(0).rows()).isEqualTo((long) THREADS * PER_THREAD);
            assertThat(storage.status().recordsWritten()).isEqualTo((long) THREADS * PER_THREAD);
            assertThat(storage.status().writeErrors()).isZero();
            assertThat(storage.meanGroupSize()).as("concurrent saves share commits").isGreaterThan(1.0);
        }
    }

    @Test
    void aFullQueueFailsTheSaveAfterItsWaitInsteadOfGrowing() throws Exception {
        StorageSettings tiny = StorageSettings.defaults(StorageTestSupport.databaseIn(folder))
                .withQueue(1, Duration.ofMillis(50));
        try (SqliteStorage storage = StorageTestSupport.open(tiny)) {
            CountDownLatch writerHeld = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread blocker = new Thread(() -> storage.writer().submit(1, session -> {
                writerHeld.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            blocker.start();
            writerHeld.await();
            // The blocker's permit is held until its commit: the queue is full.
            assertThatThrownBy(() -> storage.saveMetric(new MetricRecord(1, "cpu", "usage", 1)))
                    .isInstanceOf(StorageException.class).hasMessageContaining("queue is full");
            release.countDown();
            blocker.join();

            storage.saveMetric(new MetricRecord(2, "cpu", "usage", 2));
            assertThat(storage.status().tables().get(0).rows()).isEqualTo(1);
            assertThat(storage.status().writeErrors()).isEqualTo(1);
        }
    }

    @Test
    void aFailingWriteFailsAloneAndItsNeighboursAreCommitted() throws Exception {
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> saves = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                saves.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        storage.saveMetric(new MetricRecord(i, "cpu", "usage", thread));
                    }
                    return null;
                }));
            }
            int failures = 0;
            for (int i = 0; i < 50; i++) {
                try {
                    storage.writer().submit(1, session -> session.update("INSERT INTO no_such_table VALUES (?)", 1));
                } catch (StorageException expected) {
                    failures++;
                }
            }
            for (Future<?> save : saves) {
                save.get();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

            assertThat(failures).isEqualTo(50);
            assertThat(storage.status().tables().get(0).rows()).isEqualTo(THREADS * 500L);
            assertThat(storage.status().writeErrors()).isEqualTo(50);
        }
    }

    @Test
    void closeLeavesNoStorageThreadAndReleasesTheLock() throws Exception {
        SqliteStorage first = StorageTestSupport.open(folder);
        assertThatThrownBy(() -> StorageTestSupport.open(folder)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("this process already holds it");
        first.saveMetric(new MetricRecord(1, "cpu", "usage", 1));
        first.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith("goadmin-storage"));
        try (SqliteStorage second = StorageTestSupport.open(folder)) {
            assertThat(second.status().tables().get(0).rows()).isEqualTo(1);
        }
        assertThatThrownBy(() -> first.saveMetric(new MetricRecord(2, "cpu", "usage", 1)))
                .isInstanceOf(StorageException.class).hasMessageContaining("stopping");
    }
}
