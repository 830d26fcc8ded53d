package io.goadmin.storage.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.Query;
import io.goadmin.storage.impl.SqliteStorage;
import io.goadmin.storage.impl.StorageSettings;
import io.goadmin.storage.impl.TestLog;

class DbToolTest {
    @TempDir
    Path folder;
    private Path db;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createDatabase() {
        db = folder.resolve("data/goadmin.db");
        try (SqliteStorage storage = open()) {
            storage.saveMetric(new MetricRecord(1000, "cpu", "usage", 1));
        }
    }

    @Test
    void versionAndCheckReportASoundDatabase() {
        assertThat(run("--db", db.toString(), "version")).isZero();
        assertThat(run("--db", db.toString(), "check")).isZero();

        assertThat(out()).contains("schema version 1").contains("integrity ok");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertThat(run("version")).isEqualTo(2);
        assertThat(run("--db", db.toString(), "explode")).isEqualTo(2);
        assertThat(run("--db", db.toString(), "rollback")).isEqualTo(2);
        assertThat(run("--db", db.toString(), "rollback", "one")).isEqualTo(2);

        assertThat(err().lines()).hasSize(4).allMatch(line -> line.startsWith("dbtool: "));
    }

    @Test
    void checkFailsOnACorruptFileAndLeavesIt() throws Exception {
        byte[] before = corrupt(db);

        assertThat(run("--db", db.toString(), "check")).isEqualTo(1);

        assertThat(err()).contains("docs/runbook.md").doesNotContain("\tat ");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void rollbackRunsTheDownScriptsAndRefusesWhileTheDaemonRuns() {
        try (SqliteStorage running = open()) {
            assertThat(run("--db", db.toString(), "rollback", "0")).isEqualTo(1);
            assertThat(err()).contains("daemon is using");
        }

        assertThat(run("--db", db.toString(), "rollback", "0")).isZero();
        assertThat(run("--db", db.toString(), "version")).isZero();
        assertThat(out()).contains("rolled back versions [1]").contains("schema version 0");
        assertThat(run("--db", db.toString(), "rollback", "0")).isEqualTo(1);
    }

    @Test
    void restoreReplacesTheFileAtomicallyAndKeepsTheOldOne() throws Exception {
        Path backup = folder.resolve("backup.db");
        try (SqliteStorage storage = open()) {
            storage.backup(backup, ProgressListener.NONE);
            storage.saveMetric(new MetricRecord(2000, "cpu", "usage", 2));
        }
        try (SqliteStorage running = open()) {
            assertThat(run("--db", db.toString(), "restore", backup.toString())).isEqualTo(1);
        }

        assertThat(run("--db", db.toString(), "restore", backup.toString())).isZero();

        try (SqliteStorage storage = open()) {
            assertThat(storage.queryMetrics(Query.builder().build())).extracting(MetricRecord::ts)
                    .containsExactly(1000L);
        }
        try (Stream<Path> files = Files.list(db.getParent())) {
            List<String> names = files.map(file -> file.getFileName().toString()).toList();
            assertThat(names).anyMatch(name -> name.startsWith("goadmin.db.replaced-") && !name.endsWith("-wal"));
        }
        assertThat(out()).contains("the replaced file is kept as");
    }

    @Test
    void restoreRefusesACorruptBackupAndChangesNothing() throws Exception {
        Path backup = folder.resolve("backup.db");
        try (SqliteStorage storage = open()) {
            storage.backup(backup, ProgressListener.NONE);
        }
        corrupt(backup);
        byte[] before = Files.readAllBytes(db);

        assertThat(run("--db", db.toString(), "restore", backup.toString())).isEqualTo(1);

        assertThat(err()).contains("failed its integrity check").contains("nothing was changed");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void restoreFromAFileThatIsNotADatabaseBlamesTheBackupAndChangesNothing() throws Exception {
        Path backup = Files.writeString(folder.resolve("backup.db"), "not a database, just text ".repeat(200));
        byte[] before = Files.readAllBytes(db);

        assertThat(run("--db", db.toString(), "restore", backup.toString())).isEqualTo(1);

        assertThat(err()).startsWith("dbtool: backup " + backup + " cannot be read (")
                .contains("nothing was changed").doesNotContain("dbtool: " + db);
        assertThat(err().lines()).hasSize(1);
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        try (Stream<Path> files = Files.list(db.getParent())) {
            assertThat(files).noneMatch(file -> file.getFileName().toString().contains(".restoring"));
        }
    }

    /** Overwrites every page after the first (the schema) with garbage; returns the damaged bytes. */
    static byte[] corrupt(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            java.util.Arrays.fill(garbage, (byte) 0x5a);
            for (long page = 1; page * 4096 < raf.length(); page++) {
                raf.seek(page * 4096);
                raf.write(garbage);
            }
        }
        return Files.readAllBytes(file);
    }

    private SqliteStorage open() {
        return SqliteStorage.open(StorageSettings.defaults(db), new TestLog(),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private int run(String... args) {
        return DbTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
