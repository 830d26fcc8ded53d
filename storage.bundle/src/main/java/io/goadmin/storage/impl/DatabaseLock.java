package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on {@code <database>.lock}, held while a daemon uses the database. It keeps a second daemon off
 * the same file and stops offline tools (restore, rollback) while the daemon runs. The OS drops it if the process
 * dies, so a crash never leaves a stale lock.
 *
 * <p>The OS lock is a POSIX record lock, which belongs to the process: closing <em>any</em> channel this process has
 * on the file drops it, even a channel that never held it. So a second attempt in the same process is refused from
 * {@link #HELD_HERE} before it opens the file at all.
 */
public final class DatabaseLock implements AutoCloseable {
    /** Real paths of the lock files this process holds. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
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
        Path folder = file.toAbsolutePath().getParent();
        Path key;
        try {
            if (folder == null) {
                throw new IOException("it has no folder");
            }
            // The real path, so the same file reached through a symbolic link is the same lock.
            key = folder.toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw cannotOpen(file, e);
        }
        if (!HELD_HERE.add(key)) {
            throw heldHere(database, file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DatabaseLock(key, channel, lock);
            }
        } catch (OverlappingFileLockException heldByOtherCode) {
            // Code in this JVM locked it without this class. Closing this channel would drop that lock, so the
            // channel (one file descriptor) is left open on purpose; the key is not ours to keep.
            HELD_HERE.remove(key);
            throw heldHere(database, file);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_HERE.remove(key);
            throw cannotOpen(file, e);
        }
        // Another process holds it; this process held no lock on the file, so closing drops nothing.
        closeQuietly(channel);
        HELD_HERE.remove(key);
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
        HELD_HERE.remove(key);
    }

    private static StorageRefusedException heldHere(Path database, Path file) {
        return new StorageRefusedException("storage file " + database + " is already open in this process (this "
                + "process already holds it through " + file + "); fix: close the storage that has it first, or give "
                + "this one its own 'path'");
    }

    private static StorageRefusedException cannotOpen(Path file, IOException e) {
        return new StorageRefusedException("storage lock file " + file + " cannot be opened (" + e
                + "); fix: check the folder's owner and mode");
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
