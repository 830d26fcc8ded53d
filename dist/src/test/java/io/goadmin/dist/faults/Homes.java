package io.goadmin.dist.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Daemon homes for the tests, under {@code target/it}: not under /tmp, whose world-writable bit the storage's
 * path check rightly refuses.
 */
final class Homes {
    private static final Path ROOT = Path.of(System.getProperty("goadmin.it.dir", "target/it")).toAbsolutePath();

    private Homes() {
    }

    static Path fresh(String name) throws IOException {
        Files.createDirectories(ROOT);
        Path home = ROOT.resolve(name + "-" + Long.toString(System.nanoTime(), 36));
        Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return home;
    }
}
