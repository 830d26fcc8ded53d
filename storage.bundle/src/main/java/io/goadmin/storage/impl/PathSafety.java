package io.goadmin.storage.impl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The security gate in front of the SQLite file (spec stage 2, section 7): no folder on the real way to it (symbolic
 * links resolved) that every user can write or that belongs to someone other than root or the daemon's user; a
 * regular file owned by the daemon's user, neither it nor its companion files a symbolic link. Missing folders are
 * created 0700, a missing file 0600. Every refusal is a {@link StorageRefusedException} naming the path, the problem and the fix.
 */
public final class PathSafety {
    private static final String FIX_PATH = "set 'path' in etc/goadmin.storage.cfg to a file in a folder only the "
            + "daemon's user can write, such as ${goadmin.home}/data/goadmin.db";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** SQLite's files beside the database; any of them redirected elsewhere would redirect its writes. */
    private static final String[] COMPANIONS = {"-wal", "-shm", "-journal", ".lock"};
    private static final Integer ROOT_UID = 0;

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
            for (String suffix : COMPANIONS) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.isSymbolicLink(companion)) {
                    throw refuse(companion, "is a symbolic link, which could redirect the database's writes",
                            "stop the daemon and remove " + companion);
                }
                if (Files.exists(companion, LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isRegularFile(companion, LinkOption.NOFOLLOW_LINKS)) {
                        throw refuse(companion, "is not a regular file", "stop the daemon and remove " + companion);
                    }
                    checkOwnFile(companion);
                }
            }
        } catch (IOException e) {
            throw refuse(file, "cannot be checked or created (" + e + ")", FIX_PATH);
        }
        return file;
    }

    /**
     * Checks every folder on the way to {@code folder} and creates the missing ones 0700.
     *
     * <p>The checks apply to the real folders, after symbolic links are resolved: every existing prefix of the path
     * is resolved with {@link Path#toRealPath} and the whole chain above its real path checked, so a link in the
     * path is followed to where it leads (permission bits of a link are those of its target), and the folder holding
     * the link is checked too (whoever can write there could swap the link). A symbolic link to a folder is therefore
     * accepted when both its own folder and everything above its target are safe, for example
     * {@code /var/lib/goadmin/data -> /srv/disk2/goadmin}; the database file itself must not be a link.
     *
     * @param forPath the path named in a refusal
     */
    public static Path prepareFolder(Path folder, Path forPath) {
        Path normalized = folder.toAbsolutePath().normalize();
        Path current = normalized.getRoot();
        try {
            Set<Path> checked = new HashSet<>();
            checkRealChain(current, forPath, checked);
            for (Path name : normalized) {
                current = current.resolve(name);
                if (!Files.exists(current)) {
                    // Only checked folders lie above: creating here cannot land in someone else's folder.
                    createFolder(current);
                }
                if (!Files.isDirectory(current)) {
                    throw refuse(forPath, "needs " + current + " to be a folder, but it is not one",
                            "move that file away or choose another path");
                }
                checkRealChain(current, forPath, checked);
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

    /**
     * Checks the real folder behind {@code folder} and every folder above it: none writable by every user, each owned
     * by root or the daemon's user (an owner can change the mode or swap entries whatever the mode says).
     */
    private static void checkRealChain(Path folder, Path forPath, Set<Path> checked) throws IOException {
        Path real = folder.toRealPath();
        String via = real.equals(folder) ? "" : " (where " + folder + " leads)";
        for (Path step = real; step != null; step = step.getParent()) {
            if (!checked.add(step)) {
                continue;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(step, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw refuse(forPath, "is under " + step + via + ", which every user can write (mode "
                        + PosixFilePermissions.toString(mode) + "), so another user could replace the database",
                        FIX_PATH);
            }
            Object owner = Files.getAttribute(step, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!ROOT_UID.equals(owner) && !ownUid().equals(owner)) {
                throw refuse(forPath, "is under " + step + via + ", which belongs to user id " + owner
                        + ", neither root nor the daemon's user (" + ownUid() + "), so that user could replace the "
                        + "database", "give " + step + " to root or the daemon's user, or " + FIX_PATH);
            }
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
