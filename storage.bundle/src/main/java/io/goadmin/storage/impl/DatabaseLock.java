package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An exclusive lock on {@code <database>.lock}, held while a daemon uses the database. It keeps a second daemon off
 * the same file and stops offline tools (restore, rollback) while the daemon runs. The OS drops it if the process
 * dies, so a crash never leaves a stale lock.
 */
public final class DatabaseLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code database}. */
    public static Path lockFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".lock");
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws StorageRefusedException if another process (or another storage in this process) holds it
     */
    public static DatabaseLock acquire(Path database) {
        Path file = lockFile(database);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DatabaseLock(channel, lock);
            }
        } catch (OverlappingFileLockException heldHere) {
            // Another storage in this JVM holds it: the same refusal as another process.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageRefusedException("storage lock file " + file + " cannot be opened (" + e
                    + "); fix: check the folder's owner and mode");
        }
        closeQuietly(channel);
        throw new StorageRefusedException("storage file " + database + " is in use by another goadmin process "
                + "(it holds " + file + "); fix: stop the other daemon, or give this one its own 'path'");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }
}
