package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.BackupResult;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.StorageException;

class BackupAndRecoveryTest {
    @TempDir
    Path folder;

    @Test
    void backupWhileWritingProducesASoundPrivateCopy() throws Exception {
        Path target = folder.resolve("backups/copy.db");
        Files.createDirectories(target.getParent());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong saved = new AtomicLong();
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    storage.saveMetric(new MetricRecord(saved.get(), "cpu", "usage", 1));
                    saved.incrementAndGet();
                }
            });
            writer.start();
            while (saved.get() < 2000) {
                Thread.onSpinWait();
            }

            BackupResult result = storage.backup(target, ProgressListener.NONE);
            long afterBackup = saved.get();
            while (saved.get() < afterBackup + 1000) {
                Thread.onSpinWait();
            }
            writing.set(false);
            writer.join();

            assertThat(result.integrity()).isEqualTo("ok");
            assertThat(result.bytes()).isEqualTo(Files.size(target));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
            try (Connection copy = StorageTestSupport.connect(target)) {
                long rows = SqliteFile.longPragma(copy, "SELECT COUNT(*) FROM metrics");
                assertThat(rows).isBetween(2000L, afterBackup);
            }
            assertThatThrownBy(() -> storage.backup(target, ProgressListener.NONE))
                    .isInstanceOf(StorageException.class).hasMessageContaining("already exists");
        }
    }

    @Test
    void aCorruptFileStopsTheStartPointsAtTheRunbookAndIsLeftUntouched() throws Exception {
        Path db = StorageTestSupport.databaseIn(folder);
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            for (int i = 0; i < 500; i++) {
                storage.saveMetric(new MetricRecord(i, "cpu", "usage", i));
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x5a);
            for (long page = 1; page * 4096 < raf.length(); page++) {
                raf.seek(page * 4096);
                raf.write(garbage);
            }
        }
        byte[] damaged = Files.readAllBytes(db);

        assertThatThrownBy(() -> StorageTestSupport.open(folder)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining(db.toString()).hasMessageContaining("docs/runbook.md")
                .hasMessageContaining("left untouched");

        assertThat(Files.readAllBytes(db)).isEqualTo(damaged);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndKept() throws Exception {
        Path db = StorageTestSupport.databaseIn(folder);
        Files.createDirectories(db.getParent());
        Files.writeString(db, "this is not an SQLite database, it is somebody's notes".repeat(100));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
        byte[] before = Files.readAllBytes(db);

        assertThatThrownBy(() -> StorageTestSupport.open(folder)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("docs/runbook.md");

        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    /**
     * SQLite opens a file it may not write read-only, silently. As root file modes do not apply, so the file is made
     * immutable with {@code chattr +i} instead (skipped where the file system has no such attribute).
     */
    @Test
    void aFileTheDaemonCannotWriteIsRefusedAtOpenAndKept() throws Exception {
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            storage.saveMetric(new MetricRecord(StorageTestSupport.NOW.toEpochMilli(), "cpu", "usage", 1));
        }
        Path db = StorageTestSupport.databaseIn(folder);
        boolean immutable = "root".equals(System.getProperty("user.name"));
        if (immutable) {
            Assumptions.assumeTrue(run("chattr", "+i", db.toString()) == 0, "chattr +i is not supported here");
        } else {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
        }
        try {
            byte[] before = Files.readAllBytes(db);

            assertThatThrownBy(() -> StorageTestSupport.open(folder)).isInstanceOf(StorageRefusedException.class)
                    .hasMessageContaining(db.toString()).hasMessageContaining("read-only")
                    .hasMessageContaining("left untouched");

            assertThat(Files.readAllBytes(db)).isEqualTo(before);
        } finally {
            if (immutable) {
                run("chattr", "-i", db.toString());
            } else {
                Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }
}
