package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What a user sees when the daemon cannot do its job: it exits non-zero with a clear line and leaves the database
 * as it was; and when it can, it runs with no terminal and stays quiet.
 */
class DaemonStartupTest {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(40);
    /** The launcher's status when the framework stopped itself; the unit file keeps systemd from restarting on it. */
    private static final int STOPPED_ITSELF = 117;

    @Test
    void refusesADatabaseInAWorldWritableFolderAndCreatesNothing() throws Exception {
        Path refused = Path.of("/tmp", "goadmin-refused-" + System.nanoTime() + ".db");
        Path home = Homes.fresh("refused-path");
        Daemon.configure(home, Map.of("goadmin.storage", "path = " + refused + "\n"));
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(EXIT_BOUND);

            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(STOPPED_ITSELF);
            assertThat(daemon.log()).contains(refused.toString()).containsIgnoringCase("every user can write")
                    .contains("goadmin cannot run: storage failed to start").doesNotContain("scheduler failed")
                    .doesNotContain("\tat ");
            assertThat(daemon.output().stream().filter(line -> line.contains(refused.toString())))
                    .as("the refusal is said once, not once per retry").hasSize(1);
            assertThat(refused).doesNotExist();
            assertThat(home.resolve("data/goadmin.db")).doesNotExist();
        }
    }

    @Test
    void refusesACorruptDatabaseAndLeavesItUntouched() throws Exception {
        Path home = Homes.fresh("corrupt-db");
        Path database = home.resolve("data/goadmin.db");
        Files.createDirectories(database.getParent());
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(database, garbage);
        String before = sha256(database);
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(EXIT_BOUND);

            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(STOPPED_ITSELF);
            assertThat(daemon.log()).contains("goadmin.db").contains("goadmin cannot run: storage failed to start")
                    .doesNotContain("scheduler failed").doesNotContain("\tat ");
            assertThat(sha256(database)).isEqualTo(before);
        }
    }

    @Test
    void refusesAnUnreadableConfigurationValueNamingIt() throws Exception {
        Path home = Homes.fresh("bad-config");
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = ten seconds\n"));
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(EXIT_BOUND);

            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(STOPPED_ITSELF);
            assertThat(daemon.log()).contains("interval").contains("ten seconds")
                    .contains("goadmin cannot run: scheduler failed to start")
                    .as("one line for the bad value, not SCR's copy of it").doesNotContain("Error during instantiation")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void runsWithStdinClosedAndWritesDefaultsOnce() throws Exception {
        Path home = Homes.fresh("no-tty");
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("goadmin ready in \\d+ ms", Duration.ofSeconds(60));
            daemon.awaitLine("heartbeat", Duration.ofSeconds(60));
            Thread.sleep(3000);

            assertThat(daemon.isAlive()).as("log:\n%s", daemon.log()).isTrue();
            assertThat(daemon.log()).doesNotContain("ERROR", "gosh: stopping framework", "globalExtender");
            List<String> lines = daemon.output();
            int ready = indexOf(lines, "goadmin ready in");
            assertThat(ready).as("ready comes after the control socket listens and every collector is added; log:\n%s",
                    daemon.log()).isGreaterThan(indexOf(lines, "control socket listening"))
                    .isGreaterThan(indexOf(lines, "collector added: processes"))
                    .isGreaterThan(indexOf(lines, "collector added: cpu"));
            assertThat(home.resolve("etc/goadmin.scheduler.cfg")).exists();
            assertThat(home.resolve("etc/goadmin.storage.cfg")).exists();
            assertThat(Files.getPosixFilePermissions(home.resolve("data")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }

    /**
     * The launcher passes options that depend on the JVM (JDK 26 refuses one JDK 17 needs) and the embedded bnd
     * launcher must not set a security policy (JDK 24 and later refuse it): on the newest JDK installed beside the
     * default one, the daemon starts, stays quiet and stops on SIGTERM.
     */
    @Test
    void runsOnTheNewestJavaOnTheMachineWithoutWarnings() throws Exception {
        Optional<Path> newest = newestJdkAtLeast(24);
        assumeTrue(newest.isPresent(), "no JDK 24 or later under /usr/lib/jvm");
        Path home = Homes.fresh("newest-jdk");
        try (Daemon daemon = Daemon.start(home, Map.of("JAVA_HOME", newest.get().toString()))) {
            daemon.awaitLine("goadmin ready in \\d+ ms", Duration.ofSeconds(60));
            daemon.awaitLine("heartbeat", Duration.ofSeconds(60));
            Thread.sleep(3000); // the first polls, SQLite's and JNA's native code included

            assertThat(daemon.isAlive()).as("log:\n%s", daemon.log()).isTrue();
            assertThat(daemon.log()).as("on %s", newest.get()).doesNotContain("WARNING", "ERROR", "\tat ")
                    .doesNotContainIgnoringCase("vm warning");
            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }

    /** The installed JDK with the highest feature version of at least {@code feature}, by its release file. */
    private static Optional<Path> newestJdkAtLeast(int feature) throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        Path best = null;
        int bestFeature = feature - 1;
        try (Stream<Path> candidates = Files.list(jvms)) {
            for (Path jdk : candidates.filter(dir -> Files.isExecutable(dir.resolve("bin/java"))).toList()) {
                Path release = jdk.resolve("release");
                Matcher matcher = Files.isReadable(release) ? version.matcher(Files.readString(release)) : null;
                if (matcher != null && matcher.find() && Integer.parseInt(matcher.group(1)) > bestFeature) {
                    bestFeature = Integer.parseInt(matcher.group(1));
                    best = jdk;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Test
    void refusesADeployFolderOtherUsersCanWriteBeforeStartingJava() throws Exception {
        Path home = Homes.fresh("open-deploy");
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.setPosixFilePermissions(deploy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(Duration.ofSeconds(20));

            assertThat(status).isEqualTo(1);
            assertThat(daemon.log()).contains(deploy.toString()).contains("can be written by other users")
                    .contains("chmod go-w");
            assertThat(home.resolve("data")).doesNotExist();
        }
    }

    @Test
    void refusesAHomeUnderAFolderEveryUserCanWriteBeforeStartingJava() throws Exception {
        // Like /tmp: sticky and world-writable. Storage would refuse the database there; the launcher says so first.
        Path open = Homes.fresh("open-parent");
        assertThat(new ProcessBuilder("chmod", "1777", open.toString()).inheritIO().start().waitFor()).isZero();
        Path home = open.resolve("home");
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(Duration.ofSeconds(20));

            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(1);
            assertThat(daemon.output()).hasSize(1);
            assertThat(daemon.log()).contains("home " + home + " is under " + open)
                    .contains("every user can write").contains("/var/lib/goadmin");
            assertThat(home).doesNotExist();
        }
    }

    @Test
    void saysSoWhenTheHomeCannotBeEntered() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root enters any folder");
        Path home = Homes.fresh("closed-home");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("---------"));
        try (Daemon daemon = Daemon.start(home)) {
            int status = daemon.awaitExit(Duration.ofSeconds(20));

            assertThat(status).isEqualTo(1);
            assertThat(daemon.log()).startsWith("goadmin: cannot enter home " + home).doesNotContain("line ");
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line containing '" + text + "'; log:\n" + String.join("\n", lines));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
