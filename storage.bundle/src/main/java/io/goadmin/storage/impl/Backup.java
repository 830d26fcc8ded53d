package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.goadmin.core.BackupResult;
import io.goadmin.core.ProgressListener;
import io.goadmin.core.StorageException;

/**
 * Online backup with {@code VACUUM INTO}: one read transaction copies a consistent snapshot while the writer goes on
 * (WAL readers do not block writers), and the copy comes out compacted. The copy is then opened on its own and
 * checked with {@code PRAGMA integrity_check}.
 */
final class Backup {
    private Backup() {
    }

    static BackupResult run(SqliteStorage storage, Path target, ProgressListener progress) {
        Path file = checkTarget(target);
        long start = System.nanoTime();
        progress.progress("copy", 0, 1);
        // The copy holds the whole audit log: it is private from its first byte (VACUUM INTO fills an empty file).
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new StorageException("backup target " + file + " cannot be created: " + e.getMessage()
                    + "; fix: choose a folder the daemon's user can write", e);
        }
        try (Connection connection = storage.newConnection();
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, file.toString());
            vacuum.execute();
        } catch (SQLException e) {
            deleteQuietly(file);
            throw new StorageException("backup to " + file + " failed: " + e.getMessage()
                    + "; the partial copy was removed", e);
        }
        progress.progress("copy", 1, 1);
        progress.progress("verify", 0, 1);
        String integrity = verify(file);
        progress.progress("verify", 1, 1);
        long bytes = sizeOf(file);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if ("ok".equals(integrity)) {
            storage.log().info("storage backed up " + storage.database() + " to " + file + " (" + bytes + " bytes, "
                    + millis + " ms, integrity ok)");
        } else {
            storage.log().warn("storage backup " + file + " failed its integrity check (" + integrity
                    + "); do not restore it; fix: run the backup again");
        }
        return new BackupResult(file.toString(), bytes, millis, integrity);
    }

    /** Opens {@code file} read-only on its own and returns the first line of {@code integrity_check}. */
    static String verify(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = dataSource.getConnection()) {
            return SqliteFile.integrityCheck(connection);
        } catch (SQLException e) {
            return "cannot be opened: " + e.getMessage();
        }
    }

    private static Path checkTarget(Path target) {
        if (target == null || !target.isAbsolute()) {
            throw new StorageException("backup target " + target + " is not an absolute path; fix: give a full path");
        }
        Path file = target.normalize();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException("backup target " + file + " already exists; fix: choose a new file name");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StorageException("backup target folder " + parent + " does not exist; fix: create "
                    + "it first (mode 0700)");
        }
        try {
            PathSafety.prepareFolder(parent, file);
        } catch (StorageRefusedException unsafe) {
            throw new StorageException("backup refused: " + unsafe.getMessage());
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The admin sees the failure; a leftover partial file only blocks the same name, which the message names.
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
