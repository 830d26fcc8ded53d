package io.goadmin.storage.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The schema: Flyway applies the {@code V*} scripts up; our own {@code V*.down.sql} scripts take them down again
 * (Flyway's community edition has no undo). Flyway is embedded in this bundle but runs in a class loader of its own
 * ({@link FlywayClassLoader}).
 */
public final class Migrations {
    /** Flyway's history table. */
    public static final String HISTORY_TABLE = "flyway_schema_history";
    /** Every up script this build has, oldest first; each has a down script. */
    static final List<String> UP_SCRIPTS = List.of("V1__initial_schema.sql");
    /** Every migration version this build knows, oldest first: the number of each up script. */
    public static final List<Integer> VERSIONS = UP_SCRIPTS.stream()
            .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).toList();

    private static final String UP_SCRIPT = "/io/goadmin/storage/db/migration/";
    private static final String DOWN_SCRIPT = "/io/goadmin/storage/db/down/V%d.down.sql";

    private Migrations() {
    }

    /** The newest version this build can migrate to. */
    public static int latest() {
        return VERSIONS.get(VERSIONS.size() - 1);
    }

    /**
     * Applies every pending migration; returns the schema version reached. Flyway runs in a class loader of its own
     * that nothing refers to afterwards, and a full collection then unloads its classes.
     */
    public static int migrate(DataSource dataSource, StorageLog log) {
        runFlyway(dataSource, log);
        // Now that runFlyway has returned, nothing refers to Flyway's class loader; its ~400 classes go only in a full
        // collection, which the serial collector of an idle daemon may not run for hours. This is at every open of the
        // database (start, and a reopen for an edited configuration): one collection of a small heap, tens of ms.
        System.gc();
        try (Connection connection = dataSource.getConnection()) {
            return currentVersion(connection);
        } catch (SQLException e) {
            throw new StorageRefusedException("storage cannot read the schema version: " + e.getMessage());
        }
    }

    private static void runFlyway(DataSource dataSource, StorageLog log) {
        FlywayRun run;
        Map<String, String> upScripts = new LinkedHashMap<>();
        try {
            for (String name : UP_SCRIPTS) {
                upScripts.put(name, script(UP_SCRIPT + name));
            }
            run = FlywayClassLoader.newRun(Migrations.class.getClassLoader());
        } catch (IllegalStateException e) {
            throw new StorageRefusedException("storage cannot migrate: " + e.getMessage()
                    + "; the storage bundle is incomplete: reinstall this release");
        }
        try {
            run.migrate(dataSource, log, upScripts);
        } catch (IllegalStateException e) {
            throw new StorageRefusedException("storage migration failed: " + e.getMessage()
                    + "; fix: see docs/runbook.md, 'Rolling a migration back'");
        }
    }

    /** The highest successfully applied version, 0 for an empty database. */
    public static int currentVersion(Connection connection) throws SQLException {
        if (!hasHistory(connection)) {
            return 0;
        }
        int highest = 0;
        for (int version : appliedVersions(connection)) {
            highest = Math.max(highest, version);
        }
        return highest;
    }

    /**
     * Runs the down scripts of every applied version above {@code target}, newest first, each in one transaction
     * that also removes its row from Flyway's history.
     *
     * @return the versions rolled back
     */
    public static List<Integer> rollback(Connection connection, int target) throws SQLException {
        List<Integer> applied = hasHistory(connection) ? appliedVersions(connection) : List.of();
        applied.sort((a, b) -> Integer.compare(b, a));
        List<Integer> done = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (int version : applied) {
                if (version <= target) {
                    break;
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(downScript(version))) {
                        statement.executeUpdate(sql);
                    }
                }
                try (PreparedStatement forget = connection.prepareStatement(
                        "DELETE FROM " + HISTORY_TABLE + " WHERE version = ?")) {
                    forget.setString(1, Integer.toString(version));
                    forget.executeUpdate();
                }
                connection.commit();
                done.add(version);
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return done;
    }

    /** The text of the down script of {@code version}. */
    public static String downScript(int version) {
        return script(String.format(DOWN_SCRIPT, version));
    }

    private static String script(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the script " + name + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the script " + name, e);
        }
    }

    /** Splits a script of simple statements, one or more lines each, ended by ';'. Comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            statements.add(current.toString());
        }
        return statements;
    }

    private static boolean hasHistory(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, HISTORY_TABLE);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static List<Integer> appliedVersions(Connection connection) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT version FROM " + HISTORY_TABLE + " WHERE success = 1 AND version IS NOT NULL");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                versions.add(Integer.parseInt(rows.getString(1).trim()));
            }
        }
        return versions;
    }
}
