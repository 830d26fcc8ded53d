package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The database file made read-only before start, or deleted while the daemon runs. (A missing file at start is a
 * first start, and garbage before start is {@code DaemonStartupTest}'s.)
 */
class DatabaseFileFaultsTest {
    private static final Map<String, String> FAST = Map.of("goadmin.scheduler",
            "interval = 1s\njitter = 0s\nheartbeat = 1s\n");

    /**
     * Nothing lost: the file is not changed by the refused start (same SHA-256), so the history in it is intact, and
     * the operator reads one line naming the file. As root, file modes do not stop writes, so the file is bind-mounted
     * read-only over itself; without root it is chmod 400.
     */
    @Test
    void refusesAReadOnlyDatabaseFileNamingItAndLeavesItUntouched() throws Exception {
        Path home = Homes.fresh("read-only-db");
        Daemon.configure(home, FAST);
        Path database = home.resolve("data/goadmin.db");
        try (Daemon first = Daemon.start(home)) {
            first.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(60));
            first.signal("TERM");
            assertThat(first.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
        boolean mounted = makeReadOnly(database);
        try {
            String before = sha256(database);
            try (Daemon daemon = Daemon.start(home)) {
                int status = daemon.awaitExit(Duration.ofSeconds(60));
                assertThat(status).as("exit status; log:\n%s", daemon.log()).isNotZero();
                assertThat(daemon.log()).contains(database.toString()).containsIgnoringCase("read-only")
                        .doesNotContain("\tat ");
            }
            assertThat(sha256(database)).isEqualTo(before);
        } finally {
            if (mounted) {
                run("umount", database.toString());
            } else {
                Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    /**
     * The file (and its WAL) unlinked under a running daemon: the daemon keeps running on the open, now nameless
     * file, stops cleanly on SIGTERM, and the next start creates a new, empty database and runs. What is lost is what
     * the operator deleted plus whatever was written to the nameless file after the deletion: the daemon does not
     * notice the deletion (see docs/runbook.md: stop the daemon before touching the file).
     */
    @Test
    void aDatabaseDeletedWhileRunningDoesNotCrashTheDaemonAndTheNextStartIsClean() throws Exception {
        Path home = Homes.fresh("deleted-db");
        Daemon.configure(home, FAST);
        Path database = home.resolve("data/goadmin.db");
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(60));
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(database + suffix));
            }
            long before = daemon.lastHeartbeat("records");
            Daemon.await("three more heartbeats counting records", Duration.ofSeconds(30),
                    () -> daemon.lastHeartbeat("records") > before && daemon.countLines(" heartbeat ", 0) > 3);
            assertThat(daemon.isAlive()).isTrue();
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as("log:\n%s", daemon.log()).isEqualTo(143);
        }
        try (Daemon again = Daemon.start(home)) {
            again.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(60));
            assertThat(again.log()).doesNotContain("cannot run");
            again.signal("TERM");
            assertThat(again.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
        assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
        assertThat(Daemon.queryLong(database, "select count(*) from metrics")).isPositive();
    }

    private static boolean makeReadOnly(Path file) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            return false;
        }
        Assumptions.assumeTrue(run("mount", "--bind", file.toString(), file.toString()) == 0,
                "running as root, but bind mounts are not permitted here (a container without CAP_SYS_ADMIN?)");
        if (run("mount", "-o", "remount,ro,bind", file.toString()) != 0) {
            run("umount", file.toString());
            Assumptions.abort("running as root, but a read-only remount is not permitted here");
        }
        return true;
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
