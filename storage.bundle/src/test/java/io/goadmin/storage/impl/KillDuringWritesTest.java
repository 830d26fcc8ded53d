package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon killed with SIGKILL in the middle of writing leaves a database that passes {@code integrity_check} and
 * holds every record whose save had returned.
 */
class KillDuringWritesTest {
    private static final int THREADS = 4;
    private static final int ACKS_BEFORE_KILL = 20_000;

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Path db = StorageTestSupport.databaseIn(folder);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, CrashWriter.class.getName(), db.toString())
                .redirectError(folder.resolve("child-stderr.txt").toFile())
                .start();
        long[] highestAck = new long[THREADS];
        java.util.Arrays.fill(highestAck, -1);
        int acks = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && "ack".equals(parts[0]) && !parts[2].isEmpty()) {
                    int thread = Integer.parseInt(parts[1]);
                    // A line cut by the kill still names a save that returned: its number is a prefix of one.
                    highestAck[thread] = Math.max(highestAck[thread], Long.parseLong(parts[2]));
                    if (++acks == ACKS_BEFORE_KILL) {
                        // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we read.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks).as("the child wrote; see " + folder.resolve("child-stderr.txt") + File.separator)
                .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (Connection connection = StorageTestSupport.connect(db)) {
            assertThat(SqliteFile.integrityCheck(connection)).isEqualTo("ok");
            for (int thread = 0; thread < THREADS; thread++) {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT COUNT(DISTINCT ts), MAX(ts) FROM metrics WHERE key = ? AND ts <= ?")) {
                    query.setString(1, "t" + thread);
                    query.setLong(2, highestAck[thread]);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        assertThat(rows.getLong(1)).as("thread %d: every acknowledged save", thread)
                                .isEqualTo(highestAck[thread] + 1);
                    }
                }
            }
        }
        try (SqliteStorage reopened = StorageTestSupport.open(folder)) {
            assertThat(reopened.status().tables().get(0).rows()).isGreaterThanOrEqualTo(acks - THREADS);
        }
    }
}
