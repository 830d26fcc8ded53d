package io.goadmin.storage.impl;

import java.nio.file.Path;

/**
 * The child process of {@link DatabaseLockTest}: tries to take the lock of the database named in its argument and
 * exits 0 if it got it, 3 if it was refused.
 */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) {
        try (DatabaseLock lock = DatabaseLock.acquire(Path.of(args[0]))) {
            System.out.println("acquired");
        } catch (StorageRefusedException refused) {
            System.out.println(refused.getMessage());
            System.exit(3);
        }
    }
}
