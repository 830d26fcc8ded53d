package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.core.MetricRecord;

class MigrationsTest {
    @TempDir
    Path folder;

    @Test
    void versionOneCreatesExactlyTheContractTablesAndIndexes() throws Exception {
        StorageTestSupport.open(folder).close();

        try (Connection connection = StorageTestSupport.connect(StorageTestSupport.databaseIn(folder))) {
            assertThat(columns(connection, "metrics")).containsExactly("id", "ts", "module", "key", "value",
                    "tags_json");
            assertThat(columns(connection, "audit_events")).containsExactly("id", "ts", "subject", "action", "source",
                    "status", "request_id", "payload_json");
            assertThat(columns(connection, "jobs")).containsExactly("name", "kind", "interval_ms", "enabled",
                    "last_run_ts", "last_duration_ms", "last_status", "last_error", "run_count", "failure_count",
                    "timeout_count", "skipped_count", "record_count", "next_run_ts");
            assertThat(names(connection, "index")).containsExactlyInAnyOrder("metrics_ts", "metrics_module_ts",
                    "audit_events_ts", "audit_events_subject_ts", "flyway_schema_history_s_idx");
            assertThat(Migrations.currentVersion(connection)).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void pragmasAreSetOnANewFile() throws Exception {
        StorageTestSupport.open(folder).close();

        try (Connection connection = StorageTestSupport.connect(StorageTestSupport.databaseIn(folder))) {
            assertThat(SqliteFile.longPragma(connection, "PRAGMA auto_vacuum")).as("INCREMENTAL").isEqualTo(2);
            try (ResultSet mode = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertThat(mode.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void upDownUpLeavesAWorkingSchema() throws Exception {
        Path db = StorageTestSupport.databaseIn(folder);
        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            storage.saveMetric(new MetricRecord(1000, "cpu", "usage", 1));
        }

        try (Connection connection = StorageTestSupport.connect(db)) {
            assertThat(Migrations.rollback(connection, 0)).containsExactly(1);
            assertThat(Migrations.currentVersion(connection)).isZero();
            assertThat(names(connection, "table")).containsExactly("flyway_schema_history");
        }

        try (SqliteStorage storage = StorageTestSupport.open(folder)) {
            storage.saveMetric(new MetricRecord(2000, "cpu", "usage", 2));
            assertThat(storage.status().schemaVersion()).isEqualTo("1");
            assertThat(storage.status().recordsWritten()).isEqualTo(1);
        }
    }

    @Test
    void everyUpMigrationIsListedAndHasADownScript() throws Exception {
        Path migrations = Path.of("src/main/resources/io/goadmin/storage/db/migration");
        List<String> scripts;
        try (Stream<Path> files = Files.list(migrations)) {
            scripts = files.map(file -> file.getFileName().toString()).sorted().toList();
        }

        assertThat(scripts).as("Migrations.UP_SCRIPTS, which Flyway is given").isEqualTo(Migrations.UP_SCRIPTS);
        for (int version : Migrations.VERSIONS) {
            assertThat(Migrations.statements(Migrations.downScript(version))).isNotEmpty();
        }
    }

    @Test
    void flywayRunsInItsOwnClassLoaderWhichGoesOnceTheMigrationIsDone() throws Exception {
        Path database = StorageTestSupport.databaseIn(folder);
        Files.createDirectories(database.getParent());
        FlywayRun run = FlywayClassLoader.newRun(Migrations.class.getClassLoader());
        ClassLoader flywayLoader = run.getClass().getClassLoader();
        assertThat(flywayLoader).isInstanceOf(FlywayClassLoader.class);
        assertThat(flywayLoader.loadClass("org.flywaydb.core.Flyway").getClassLoader()).isSameAs(flywayLoader);

        run.migrate(SqliteFile.dataSource(database, StorageSettings.defaults(database)), new TestLog(),
                Map.of(Migrations.UP_SCRIPTS.get(0), "CREATE TABLE t (x INTEGER);"));
        WeakReference<ClassLoader> gone = new WeakReference<>(flywayLoader);
        run = null;
        flywayLoader = null;

        for (int i = 0; i < 20 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(gone.get()).as("Flyway's loader, still reachable after the migration").isNull();
        try (Connection connection = StorageTestSupport.connect(database)) {
            assertThat(names(connection, "table")).contains("t", Migrations.HISTORY_TABLE);
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var query = connection.prepareStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> names(Connection connection, String type) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var query = connection.prepareStatement(
                "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            query.setString(1, type);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }
}
