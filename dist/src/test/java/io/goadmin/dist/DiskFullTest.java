package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The database on a small tmpfs that a filler file fills up while the flood collector writes, then the filler is
 * removed. Needs root and permission to mount; skipped otherwise.
 *
 * <p>What is promised: while the disk is full, saves fail and are counted ({@code errors=} in the heartbeat), the
 * log says so at a bounded rate (not a line per failed record), the daemon stays up and stops cleanly; and (the
 * second test) when space returns writing resumes by itself with no restart. What is lost: exactly the records whose save failed (counted as errors, never in {@code records=});
 * every record counted is in the file, which passes {@code integrity_check}.
 */
class DiskFullTest {

    @Test
    void writesFailAreCountedAndLoggedAtABoundedRateAndTheDaemonStaysUp() throws Exception {
        diskFull("disk-full", false);
    }

    @Test
    void writingResumesByItselfWhenSpaceReturns() throws Exception {
        diskFull("disk-full-resume", true);
    }

    private static void diskFull(String name, boolean expectResume) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to mount a small tmpfs (run the tests as root, as CI does, to include it)");
        Path home = Homes.fresh(name);
        Path mount = home.resolve("small");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(DatabaseFileFaultsTest.run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700",
                "goadmin-test", mount.toString()) == 0, "mount -t tmpfs is not permitted here (no CAP_SYS_ADMIN?)");
        try {
            Path database = mount.resolve("goadmin.db");
            Daemon.configure(home, Map.of(
                    "goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\n",
                    "goadmin.storage", "path = " + database + "\n",
                    "goadmin.collector.flood", "collector.interval = 1s\nrecords.per.poll = 500\n"));
            Daemon.deploy(home, "flood");
            try (Daemon daemon = Daemon.start(home)) {
                daemon.awaitLine("collector added: flood", Duration.ofSeconds(60));
                daemon.awaitWithLog("flood records written", Duration.ofSeconds(30),
                        () -> daemon.lastHeartbeat("records") > 2000);

                Path filler = mount.resolve("filler");
                fill(filler);
                long errorsAtFull = daemon.lastHeartbeat("errors");
                daemon.awaitWithLog("write errors counted", Duration.ofSeconds(30),
                        () -> daemon.lastHeartbeat("errors") > errorsAtFull + 5);
                int mark = daemon.mark();
                long from = System.nanoTime();
                for (int beat = 0; beat < 10; beat++) {
                    daemon.awaitLine(" heartbeat ", Duration.ofSeconds(10), daemon.mark());
                }
                long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - from).toSeconds());
                assertThat(daemon.isAlive()).isTrue();
                long warnings = daemon.countLines(" (WARN|ERROR) ", mark);
                assertThat(warnings).as("warnings in %d s of a full disk (at most about one a second); log:\n%s",
                        seconds, daemon.log()).isLessThanOrEqualTo(seconds + 3);
                assertThat(daemon.log()).doesNotContain("\tat ");

                Files.delete(filler);
                if (expectResume) {
                    long recordsWhenFreed = daemon.lastHeartbeat("records");
                    daemon.awaitWithLog("writes resuming by themselves", Duration.ofSeconds(60),
                            () -> daemon.lastHeartbeat("records") > recordsWhenFreed + 2000);
                }
                long counted = daemon.lastHeartbeat("records");
                daemon.signal("TERM");
                assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as("log:\n%s", daemon.log()).isEqualTo(143);

                assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
                assertThat(Daemon.queryLong(database, "select count(*) from metrics"))
                        .as("every counted record is stored").isGreaterThanOrEqualTo(counted);
            }
        } finally {
            DatabaseFileFaultsTest.run("umount", "-l", mount.toString());
        }
    }

    /** Writes {@code filler} until the file system has no space left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
