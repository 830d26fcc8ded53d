package io.goadmin.storage.impl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens connections to the SQLite file with the pragmas the ADR (docs/adr/0001-sqlite-driver.md) explains, and
 * prepares a new file: {@code auto_vacuum=INCREMENTAL} first (SQLite ignores it once a table exists), then WAL.
 */
public final class SqliteFile {
    /** The runbook section an admin is sent to when the file is damaged. */
    public static final String RUNBOOK_CORRUPT = "docs/runbook.md, 'Recovering a corrupt database'";

    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    /**
     * Each connection's page cache, in KiB. SQLite's default (2,000 KiB) fills on a database of a few days and then
     * stays resident in the writer for good; pages it no longer holds come back from the kernel's page cache, so
     * 512 KiB costs no measurable write latency or throughput (docs/performance.md) and caps the daemon's RSS.
     */
    static final int PAGE_CACHE_KIB = 512;

    private SqliteFile() {
    }

    /** A data source for {@code database}; every connection it opens has the per-connection pragmas set. */
    public static SQLiteDataSource dataSource(Path database, StorageSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous()));
        config.setJournalSizeLimit((int) Math.min(Integer.MAX_VALUE, settings.walSizeLimit()));
        // Sorts and temporary tables stay in memory, so SQLite writes no temporary file to a shared /tmp.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // A negative cache size is in KiB, not pages.
        config.setCacheSize(-PAGE_CACHE_KIB);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + database);
        return dataSource;
    }

    /**
     * Sets the file-level pragmas on a new file and switches to WAL, then runs {@code PRAGMA quick_check}. A file
     * that fails it is left exactly as it is.
     *
     * @throws StorageRefusedException if the file is not a sound SQLite database
     */
    public static void prepare(Connection connection, Path database, StorageLog log) {
        try (Statement statement = connection.createStatement()) {
            if (longPragma(connection, "PRAGMA page_count") == 0) {
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            } else if (longPragma(connection, "PRAGMA auto_vacuum") != 2) {
                log.warn("storage file " + database + " was created without auto_vacuum=INCREMENTAL, so retention "
                        + "cannot give space back; fix: see docs/runbook.md, 'Enabling incremental vacuum'");
            }
            String check = quickCheck(connection);
            if (!"ok".equals(check)) {
                throw corrupt(database, check);
            }
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                    throw new StorageRefusedException("storage file " + database + " cannot use WAL mode; fix: put it "
                            + "on a local file system");
                }
            }
            probeWrite(connection, statement);
        } catch (SQLException e) {
            throw refusal(database, e);
        }
    }

    /**
     * SQLite opens a file it cannot write read-only without a word, and every write would fail later. A write of
     * the header's unchanged user version, rolled back, fails with {@code SQLITE_READONLY} on such a file and leaves
     * a writable one as it was. ({@code BEGIN IMMEDIATE} alone succeeds on a read-only file in WAL mode.)
     */
    private static void probeWrite(Connection connection, Statement statement) throws SQLException {
        long userVersion = longPragma(connection, "PRAGMA user_version");
        statement.execute("BEGIN IMMEDIATE");
        try {
            statement.execute("PRAGMA user_version = " + userVersion);
        } finally {
            statement.execute("ROLLBACK");
        }
    }

    /** The refusal for an SQLite error at start: damaged files point at the runbook. */
    public static StorageRefusedException refusal(Path database, SQLException e) {
        int primaryCode = e.getErrorCode() & 0xff;
        if (primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB) {
            return corrupt(database, e.getMessage());
        }
        if (primaryCode == SQLITE_READONLY) {
            return new StorageRefusedException("storage file " + database + " is read-only for the daemon ("
                    + e.getMessage() + "); it was left untouched; fix: make the file, its folder and the file system "
                    + "writable by the daemon's user");
        }
        return new StorageRefusedException("storage file " + database + " cannot be opened (" + e.getMessage()
                + "); fix: check the disk and the file's owner and mode");
    }

    /** The first line of {@code PRAGMA quick_check}: {@code ok} when sound. */
    public static String quickCheck(Connection connection) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("PRAGMA quick_check(1)");
                ResultSet rows = check.executeQuery()) {
            return rows.next() ? rows.getString(1) : "no result";
        }
    }

    /** The first line of {@code PRAGMA integrity_check}: {@code ok} when sound. */
    public static String integrityCheck(Connection connection) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("PRAGMA integrity_check(1)");
                ResultSet rows = check.executeQuery()) {
            return rows.next() ? rows.getString(1) : "no result";
        }
    }

    /** A pragma or query that returns one number. */
    public static long longPragma(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** The refusal for a damaged file: named, left untouched, with the runbook section. */
    public static StorageRefusedException corrupt(Path database, String problem) {
        return new StorageRefusedException("storage file " + database + " failed its integrity check ("
                + problem + "); it was left untouched; fix: see " + RUNBOOK_CORRUPT);
    }
}
