package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock keeps other processes off the file, and a second attempt in this process does not drop it. */
class DatabaseLockTest {
    @TempDir
    Path folder;

    @Test
    void aSecondAttemptInThisProcessIsRefusedAndTheLockStaysHeld() throws Exception {
        Path db = folder.resolve("goadmin.db");
        try (DatabaseLock held = DatabaseLock.acquire(db)) {
            assertThatThrownBy(() -> DatabaseLock.acquire(db)).isInstanceOf(StorageRefusedException.class)
                    .hasMessageContaining("this process already holds it")
                    .hasMessageNotContaining("another goadmin process");
            // Closing a second channel on the file would have dropped this process's POSIX lock: another process
            // must still be refused.
            assertThat(probeFromAnotherProcess(db)).contains("in use by another goadmin process");
        }
        assertThat(probeFromAnotherProcess(db)).isEqualTo("acquired");
        try (DatabaseLock again = DatabaseLock.acquire(db)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void theSameFileThroughASymbolicLinkedFolderIsTheSameLock() throws Exception {
        Path real = Files.createDirectory(folder.resolve("real"));
        Path link = Files.createSymbolicLink(folder.resolve("link"), real);
        try (DatabaseLock held = DatabaseLock.acquire(real.resolve("goadmin.db"))) {
            assertThatThrownBy(() -> DatabaseLock.acquire(link.resolve("goadmin.db")))
                    .isInstanceOf(StorageRefusedException.class).hasMessageContaining("this process already holds it");
            assertThat(probeFromAnotherProcess(real.resolve("goadmin.db"))).contains("in use by another");
        }
    }

    /** What a child JVM says when it tries the lock: "acquired", or its refusal. */
    private static String probeFromAnotherProcess(Path db) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, LockProbe.class.getName(), db.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isIn(0, 3);
        return output;
    }
}
