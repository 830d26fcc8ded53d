package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of the path gate, and what it creates when it accepts. */
class PathSafetyTest {
    @TempDir
    Path folder;

    @Test
    void createsMissingFoldersPrivateAndTheFile0600() throws Exception {
        Path db = folder.resolve("a/b/goadmin.db");

        Path prepared = PathSafety.prepareDatabase(db);

        assertThat(prepared).isEqualTo(db).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a/b"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }

    @Test
    void refusesTheSharedTmpFolder() {
        assertThatThrownBy(() -> PathSafety.prepareDatabase(Path.of("/tmp/goadmin-test/goadmin.db")))
                .isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("/tmp/goadmin-test/goadmin.db")
                .hasMessageContaining("every user can write")
                .hasMessageContaining("fix:");
        assertThat(Path.of("/tmp/goadmin-test")).doesNotExist();
    }

    @Test
    void refusesAWorldWritableAncestorWithoutTheStickyBit() throws Exception {
        Path open = Files.createDirectory(folder.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(open.resolve("data/goadmin.db")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("is under " + open);
    }

    @Test
    void refusesASymbolicLinkedParentIntoAWorldWritableFolder() throws Exception {
        Path open = Files.createDirectory(folder.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path target = Files.createDirectory(open.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path home = Files.createDirectory(folder.resolve("home"));
        Path link = Files.createSymbolicLink(home.resolve("data"), target);

        assertThatThrownBy(() -> PathSafety.prepareDatabase(link.resolve("goadmin.db")))
                .isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("is under " + open + " (where " + link + " leads)")
                .hasMessageContaining("every user can write");
        assertThat(target.resolve("goadmin.db")).doesNotExist();
    }

    @Test
    void acceptsASymbolicLinkedParentIntoASafeFolder() throws Exception {
        // The link's own folder and everything above its target are the daemon's: no one else can redirect it.
        Path target = Files.createDirectories(folder.resolve("disk2/goadmin"));
        Path home = Files.createDirectory(folder.resolve("home"));
        Path link = Files.createSymbolicLink(home.resolve("data"), target);

        assertThat(PathSafety.prepareDatabase(link.resolve("goadmin.db"))).isEqualTo(link.resolve("goadmin.db"));
        assertThat(target.resolve("goadmin.db")).isRegularFile();
    }

    @Test
    void refusesAFolderOwnedByAnotherUser() throws Exception {
        assumeThat(PathSafety.ownUid()).as("only root can give a folder away").isEqualTo(0);
        Path theirs = Files.createDirectory(folder.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 4321);

        assertThatThrownBy(() -> PathSafety.prepareDatabase(theirs.resolve("data/goadmin.db")))
                .isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("is under " + theirs + ", which belongs to user id 4321");
        assertThat(theirs.resolve("data")).doesNotExist();
    }

    @Test
    void refusesASymbolicLinkedParentIntoAFolderOwnedByAnotherUser() throws Exception {
        assumeThat(PathSafety.ownUid()).as("only root can give a folder away").isEqualTo(0);
        Path theirs = Files.createDirectory(folder.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 4321);
        Path link = Files.createSymbolicLink(folder.resolve("data"), theirs);

        assertThatThrownBy(() -> PathSafety.prepareDatabase(link.resolve("goadmin.db")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("belongs to user id 4321");
    }

    @Test
    void refusesAWorldWritableFile() throws Exception {
        Path db = Files.createFile(folder.resolve("goadmin.db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(db)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("writable by every user").hasMessageContaining("chmod 600");
    }

    @Test
    void refusesASymbolicLink() throws Exception {
        Path real = Files.createFile(folder.resolve("real.db"));
        Path link = Files.createSymbolicLink(folder.resolve("goadmin.db"), real);

        assertThatThrownBy(() -> PathSafety.prepareDatabase(link)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void refusesASymbolicLinkedWal() throws Exception {
        Files.createSymbolicLink(folder.resolve("goadmin.db-wal"), folder.resolve("elsewhere"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(folder.resolve("goadmin.db")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("goadmin.db-wal is a symbolic link");
    }

    @Test
    void refusesASymbolicLinkedJournalOrLockFile() throws Exception {
        for (String companion : new String[] {"-journal", "-shm", ".lock"}) {
            Path link = Files.createSymbolicLink(folder.resolve("goadmin.db" + companion), folder.resolve("elsewhere"));

            assertThatThrownBy(() -> PathSafety.prepareDatabase(folder.resolve("goadmin.db")))
                    .isInstanceOf(StorageRefusedException.class)
                    .hasMessageContaining("goadmin.db" + companion + " is a symbolic link");
            Files.delete(link);
        }
    }

    @Test
    void refusesAWalOthersCanWrite() throws Exception {
        Path wal = Files.createFile(folder.resolve("goadmin.db-wal"));
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(folder.resolve("goadmin.db")))
                .isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("goadmin.db-wal is writable by every user");
    }

    @Test
    void refusesSomethingThatIsNotARegularFile() throws Exception {
        Path dir = Files.createDirectory(folder.resolve("goadmin.db"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(dir)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void refusesAFileInPlaceOfAFolder() throws Exception {
        Files.createFile(folder.resolve("data"));

        assertThatThrownBy(() -> PathSafety.prepareDatabase(folder.resolve("data/goadmin.db")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("to be a folder");
    }

    @Test
    void refusesARelativePathAndDriverOptions() {
        assertThatThrownBy(() -> PathSafety.prepareDatabase(Path.of("data/goadmin.db")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("not an absolute path");
        assertThatThrownBy(() -> PathSafety.prepareDatabase(folder.resolve("goadmin.db?mode=memory")))
                .isInstanceOf(StorageRefusedException.class).hasMessageContaining("'?'");
    }

    @Test
    void refusesAFileOwnedByAnotherUser() throws Exception {
        assumeThat(PathSafety.ownUid()).as("only root can give a file away").isEqualTo(0);
        Path db = Files.createFile(folder.resolve("goadmin.db"));
        Files.setAttribute(db, "unix:uid", 4321);

        assertThatThrownBy(() -> PathSafety.prepareDatabase(db)).isInstanceOf(StorageRefusedException.class)
                .hasMessageContaining("owned by user id 4321").hasMessageContaining("chown");
    }

    @Test
    void refusalStopsOpeningWithOneLineAndNoStackTrace() throws Exception {
        Path open = Files.createDirectory(folder.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> StorageTestSupport.open(open)).isInstanceOf(StorageRefusedException.class)
                .satisfies(refusal -> {
                    assertThat(refusal.getStackTrace()).isEmpty();
                    assertThat(refusal.getMessage()).doesNotContain("\n");
                });
    }
}
