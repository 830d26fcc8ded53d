package io.goadmin.storage.impl;

import java.nio.file.Path;

/**
 * Where sqlite-jdbc extracts its native library: {@code org.sqlite.tmpdir}, a private folder under the daemon's home,
 * never the shared /tmp where another user could plant a library. The driver does not create the folder; we do.
 */
final class NativeLibrary {
    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";

    private NativeLibrary() {
    }

    /** Points the driver at {@code tmp} unless the launcher already chose a folder. */
    static synchronized void useTmpDir(Path tmp, StorageLog log) {
        String current = System.getProperty(TMPDIR_PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(TMPDIR_PROPERTY, tmp.toString());
        } else if (!current.equals(tmp.toString())) {
            log.debug("storage keeps " + TMPDIR_PROPERTY + "=" + current + " set by the launcher");
        }
    }
}
