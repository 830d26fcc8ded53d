package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The security gate in front of the SQLite file (spec stage 2, section 7): no world-writable folder on the way, a
 * regular file owned by the daemon's user, no symbolic link. Missing folders are created 0700, a missing file 0600.
 * Every refusal is a {@link StorageRefusedException} naming the path, the problem and the fix.
 */
public final class PathSafety {
    private static final String FIX_PATH = "set 'path' in etc/goadmin.storage.cfg to a file in a folder only the "
            + "daemon's user can write, such as ${goadmin.home}/data/goadmin.db";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private PathSafety() {
    }

    /** Checks {@code configured} and creates what is missing; returns the normalized path of the database file. */
    public static Path prepareDatabase(Path configured) {
        if (!configured.isAbsolute()) {
            throw refuse(configured, "is not an absolute path", FIX_PATH);
        }
        Path file = configured.normalize();
        if (file.toString().indexOf('?') >= 0 || file.toString().indexOf('#') >= 0) {
            throw refuse(file, "contains '?' or '#', which the SQLite driver would read as options",
                    "choose a file name without them");
        }
        Path parent = file.getParent();
        if (parent == null || file.getFileName() == null) {
            throw refuse(file, "is not a file path", FIX_PATH);
        }
        prepareFolder(parent, file);
        try {
            if (Files.isSymbolicLink(file)) {
                throw refuse(file, "is a symbolic link, which could point the daemon at another file",
                        "point 'path' at the real file");
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                createFile(file);
            }
            checkOwnFile(file);
            for (String suffix : new String[] {"-wal", "-shm", ".lock"}) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.isSymbolicLink(companion)) {
                    throw refuse(companion, "is a symbolic link, which could redirect the database's writes",
                            "stop the daemon and remove " + companion);
                }
            }
        } catch (IOException e) {
            throw refuse(file, "cannot be checked or created (" + e + ")", FIX_PATH);
        }
        return file;
    }

    /**
     * Checks every ancestor of {@code folder} and creates the missing ones 0700; an existing {@code folder} that the
     * daemon owns is narrowed to 0700.
     *
     * @param forPath the path named in a refusal
     */
    public static Path prepareFolder(Path folder, Path forPath) {
        Path normalized = folder.toAbsolutePath().normalize();
        Path current = normalized.getRoot();
        try {
            checkNotWorldWritable(current, forPath);
            for (Path name : normalized) {
                current = current.resolve(name);
                if (!Files.exists(current)) {
                    createFolder(current);
                } else if (!Files.isDirectory(current)) {
                    throw refuse(forPath, "needs " + current + " to be a folder, but it is not one",
                            "move that file away or choose another path");
                }
                checkNotWorldWritable(current, forPath);
            }
        } catch (IOException e) {
            throw refuse(forPath, "cannot check or create the folder " + current + " (" + e + ")", FIX_PATH);
        }
        return normalized;
    }

    /** Creates {@code folder} 0700 (or checks it) for private temporary files; it must be the daemon's own. */
    public static Path preparePrivateFolder(Path folder) {
        Path normalized = prepareFolder(folder, folder);
        try {
            if (Files.isSymbolicLink(normalized)) {
                throw refuse(normalized, "is a symbolic link", "remove it; the daemon creates the folder itself");
            }
            if (!ownUid().equals(Files.getAttribute(normalized, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                throw refuse(normalized, "is owned by another user", "remove it or give it to the daemon's user");
            }
            Files.setPosixFilePermissions(normalized, FOLDER_MODE);
        } catch (IOException | UnsupportedOperationException e) {
            throw refuse(normalized, "cannot be made private (" + e + ")", "check the folder's owner and mode");
        }
        return normalized;
    }

    private static void checkOwnFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(file, "is not a regular file", "point 'path' at a regular file, or at a name that does not "
                    + "exist yet");
        }
        Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!ownUid().equals(owner)) {
            throw refuse(file, "is owned by user id " + owner + ", not by the daemon's user (" + ownUid() + ")",
                    "run 'chown' to give it to the daemon's user");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw refuse(file, "is writable by every user (mode " + PosixFilePermissions.toString(mode) + ")",
                    "run 'chmod 600 " + file + "'");
        }
    }

    private static void checkNotWorldWritable(Path folder, Path forPath) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw refuse(forPath, "is under " + folder + ", which every user can write (mode "
                    + PosixFilePermissions.toString(mode) + "), so another user could replace the database",
                    FIX_PATH);
        }
    }

    private static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.setPosixFilePermissions(folder, FOLDER_MODE);
    }

    private static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.setPosixFilePermissions(file, FILE_MODE);
    }

    /** The numeric user id this process runs as. */
    static Object ownUid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    static StorageRefusedException refuse(Path path, String problem, String fix) {
        return new StorageRefusedException("storage path " + path + " " + problem + "; fix: " + fix);
    }
}
