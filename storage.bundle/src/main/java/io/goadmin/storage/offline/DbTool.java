package io.goadmin.storage.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.goadmin.storage.impl.DatabaseLock;
import io.goadmin.storage.impl.Migrations;
import io.goadmin.storage.impl.PathSafety;
import io.goadmin.storage.impl.SqliteFile;
import io.goadmin.storage.impl.StorageRefusedException;

/**
 * The offline database tool (daemon stopped): schema version, integrity check, migration rollback, restore from a
 * backup. Exit codes: 0 done, 1 error, 2 usage. Each error is one line on stderr.
 *
 * <pre>
 * java -cp io.goadmin.storage.jar:io.goadmin.core.jar:sqlite-jdbc.jar:jackson-*.jar \
 *     io.goadmin.storage.offline.DbTool --db /var/lib/goadmin/data/goadmin.db version
 * </pre>
 */
public final class DbTool {
    static final String USAGE = "usage: dbtool --db PATH (version | check | rollback VERSION | restore BACKUP_FILE)";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final PrintStream out;

    private DbTool(PrintStream out) {
        this.out = out;
    }

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns 0 when done, 1 on an error, 2 on a usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path database = null;
        String command = null;
        String argument = null;
        for (int i = 0; i < args.length; i++) {
            if ("--db".equals(args[i]) && i + 1 < args.length) {
                database = Path.of(args[++i]).toAbsolutePath().normalize();
            } else if (command == null && !args[i].startsWith("--")) {
                command = args[i];
            } else if (argument == null && command != null) {
                argument = args[i];
            } else {
                err.println("dbtool: unexpected argument '" + args[i] + "'; " + USAGE);
                return 2;
            }
        }
        boolean needsArgument = "rollback".equals(command) || "restore".equals(command);
        boolean known = needsArgument || "version".equals(command) || "check".equals(command);
        if (database == null || !known || needsArgument != (argument != null)) {
            err.println("dbtool: " + USAGE);
            return 2;
        }
        try {
            DbTool tool = new DbTool(out);
            return switch (command) {
                case "version" -> tool.version(database);
                case "check" -> tool.check(database);
                case "rollback" -> tool.rollback(database, parseVersion(argument));
                default -> tool.restore(database, Path.of(argument).toAbsolutePath().normalize());
            };
        } catch (NumberFormatException e) {
            err.println("dbtool: VERSION '" + argument + "' is not a number; " + USAGE);
            return 2;
        } catch (ToolException | StorageRefusedException e) {
            err.println("dbtool: " + e.getMessage());
            return 1;
        } catch (SQLException | IOException e) {
            err.println("dbtool: " + database + ": " + e.getMessage());
            return 1;
        }
    }

    private int version(Path database) throws SQLException {
        requireExisting(database);
        try (Connection connection = connect(database, true)) {
            out.println("schema version " + Migrations.currentVersion(connection) + " (this build knows up to "
                    + Migrations.latest() + ")");
        }
        return 0;
    }

    private int check(Path database) throws SQLException {
        requireExisting(database);
        String result;
        try (Connection connection = connect(database, true)) {
            result = SqliteFile.integrityCheck(connection);
        }
        if ("ok".equals(result)) {
            out.println("integrity ok: " + database);
            return 0;
        }
        throw new ToolException(database + " failed its integrity check (" + result + "); see docs/runbook.md, "
                + "'Recovering a corrupt database'");
    }

    private int rollback(Path database, int target) throws SQLException {
        requireExisting(database);
        try (DatabaseLock lock = lock(database); Connection connection = connect(database, false)) {
            int current = Migrations.currentVersion(connection);
            if (target < 0 || target >= current) {
                throw new ToolException("cannot roll back to version " + target + ": the schema is at version "
                        + current + "; give a lower version, 0 for an empty database");
            }
            List<Integer> undone = Migrations.rollback(connection, target);
            out.println("rolled back versions " + undone + "; schema version now "
                    + Migrations.currentVersion(connection));
        }
        return 0;
    }

    private int restore(Path database, Path backup) throws SQLException, IOException {
        if (!Files.isRegularFile(backup, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("backup " + backup + " is not a regular file");
        }
        Path folder = database.getParent();
        if (folder == null) {
            throw new ToolException("database " + database + " is not a file path");
        }
        PathSafety.prepareFolder(folder, database);
        useNativeTmp(database);
        try (DatabaseLock lock = lock(database)) {
            String integrity;
            int version;
            try (Connection candidate = connect(backup, true)) {
                integrity = SqliteFile.integrityCheck(candidate);
                version = "ok".equals(integrity) ? Migrations.currentVersion(candidate) : -1;
            } catch (SQLException unreadable) {
                // The candidate's fault, not the live database's, which is untouched so far.
                throw new ToolException("backup " + backup + " cannot be read (" + unreadable.getMessage()
                        + "); nothing was changed");
            }
            if (!"ok".equals(integrity)) {
                throw new ToolException("backup " + backup + " failed its integrity check (" + integrity
                        + "); nothing was changed");
            }
            if (version < 1 || version > Migrations.latest()) {
                throw new ToolException("backup " + backup + " has schema version " + version + ", but this build "
                        + "knows 1 to " + Migrations.latest() + "; nothing was changed");
            }
            Path staged = database.resolveSibling(database.getFileName() + ".restoring");
            Files.deleteIfExists(staged);
            try {
                Files.copy(backup, staged, StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
                try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            } catch (IOException e) {
                Files.deleteIfExists(staged);
                throw new ToolException("backup " + backup + " cannot be copied to " + staged + " (" + e
                        + "); nothing was changed");
            }
            String suffix = ".replaced-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP);
            Path kept = null;
            if (Files.exists(database, LinkOption.NOFOLLOW_LINKS)) {
                kept = database.resolveSibling(database.getFileName() + suffix);
                // A second name for the old file, so the rename below replaces it atomically yet keeps it.
                Files.createLink(kept, database);
                for (String companion : new String[] {"-wal", "-shm"}) {
                    Path file = database.resolveSibling(database.getFileName() + companion);
                    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(file, database.resolveSibling(database.getFileName() + suffix + companion));
                    }
                }
            }
            Files.move(staged, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            out.println("restored " + database + " from " + backup + " (schema version " + version
                    + (kept == null ? ")" : "); the replaced file is kept as " + kept));
        }
        return 0;
    }

    private static DatabaseLock lock(Path database) {
        try {
            return DatabaseLock.acquire(database);
        } catch (StorageRefusedException held) {
            throw new ToolException("refused: the goadmin daemon is using " + database + "; stop it first");
        }
    }

    private static void requireExisting(Path database) {
        if (!Files.isRegularFile(database, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("database " + database + " does not exist or is not a regular file");
        }
        PathSafety.prepareDatabase(database);
        useNativeTmp(database);
    }

    /** sqlite-jdbc extracts its native library into a private folder beside the database, not into /tmp. */
    private static void useNativeTmp(Path database) {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path tmp = PathSafety.preparePrivateFolder(database.resolveSibling("tmp"));
            System.setProperty("org.sqlite.tmpdir", tmp.toString());
        }
    }

    private static Connection connect(Path database, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(5000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + database);
        return dataSource.getConnection();
    }

    private static int parseVersion(String text) {
        return Integer.parseInt(text.trim());
    }

    /** An error the user can act on; its message is the one line printed. */
    private static final class ToolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolException(String message) {
            super(message, null, false, false);
        }
    }
}
