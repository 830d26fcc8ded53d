package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code goadmin} command line against a running daemon, as an admin uses it: exit statuses, JSON for scripts,
 * the socket's permissions, the audit trail of what was done, and live configuration.
 */
class CommandLineTest {

    record Result(int status, String out, String err) {
    }

    static Result goadmin(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Daemon.DIST.resolve("bin/goadmin").toString(), "--home",
                home.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void saysTheDaemonIsNotRunningWithStatusThreeAndHowToStartIt() throws Exception {
        Path home = Homes.fresh("cli-down");

        Result result = goadmin(home, "status");

        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).contains("not running").contains("goadmin serve");

        Result help = goadmin(home, "query", "--help");
        assertThat(help.status()).as("help needs no daemon").isZero();
        assertThat(help.out()).startsWith("usage: goadmin query");
    }

    @Test
    void passesSocketThroughToTheCommandLine() throws Exception {
        Path home = Homes.fresh("cli-socket");
        Path elsewhere = home.resolve("elsewhere.sock");

        Result result = goadmin(home, "--socket", elsewhere.toString(), "status");

        assertThat(result.status()).as(result.err()).isEqualTo(3);
        assertThat(result.err()).contains("no socket at " + elsewhere).doesNotContain("unknown command");
        assertThat(goadmin(home, "--socket", elsewhere.toString(), "serve").status())
                .as("serve's socket is set in etc/goadmin.shell.cfg").isEqualTo(2);
    }

    @Test
    void aDaemonWithoutItsControlSocketIsNotCalledNotRunning() throws Exception {
        Path home = Homes.fresh("cli-no-socket");
        Daemon.configure(home, Map.of("goadmin.shell", "max.connections = 0\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));
            daemon.awaitLine("configuration goadmin.shell is invalid: max.connections", Duration.ofSeconds(60));

            Result status = goadmin(home, "status");
            assertThat(status.status()).as(status.err()).isEqualTo(1);
            assertThat(status.err()).contains("goadmin is running (pid " + daemon.pid() + ") but its control socket")
                    .contains("etc/goadmin.shell.cfg").doesNotContain("goadmin serve");

            Result second = goadmin(home, "serve", "--no-console");
            assertThat(second.status()).as(second.err()).isEqualTo(1);
            assertThat(second.err()).contains("a daemon already runs with home").contains("pid " + daemon.pid());

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
        assertThat(goadmin(home, "status").status()).as("stopped: the pid file is stale").isEqualTo(3);
    }

    @Test
    void rejectsUnknownCommandsWithUsageStatus() throws Exception {
        Result result = goadmin(Homes.fresh("cli-usage"), "frobnicate");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void answersStatusAndAuditsPurgeAndAppliesConfigurationLive() throws Exception {
        Path home = Homes.fresh("cli-up");
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 30s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("control socket listening", Duration.ofSeconds(60));
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));

            Path socket = home.resolve("run/goadmin.sock");
            assertThat(Files.getPosixFilePermissions(socket))
                    .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

            Result table = goadmin(home, "status");
            assertThat(table.status()).as(table.err()).isZero();
            assertThat(table.out()).contains("COLLECTOR").contains("cpu").contains("write latency");
            Result viaSocket = goadmin(home, "--socket", socket.toString(), "status");
            assertThat(viaSocket.status()).as(viaSocket.err()).isZero();

            Result json = goadmin(home, "status", "--json");
            assertThat(json.status()).as(json.err()).isZero();
            JsonNode status = new ObjectMapper().readTree(json.out());
            assertThat(status.isObject()).isTrue();

            Result underTmp = goadmin(home, "backup", "/tmp/goadmin-it-" + System.nanoTime() + ".db");
            assertThat(underTmp.status()).as(underTmp.err()).isEqualTo(1);
            assertThat(underTmp.err()).contains("choose a backup folder").doesNotContain("goadmin.storage.cfg");

            Result purge = goadmin(home, "purge", "--older-than", "7d", "--dry-run");
            assertThat(purge.status()).as(purge.err()).isZero();
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'purge' and source = 'cli'")).isEqualTo(1);

            Files.writeString(home.resolve("etc/goadmin.scheduler.cfg"), "interval = 2s\njitter = 0s\nheartbeat = 30s\n");
            daemon.awaitLine("scheduler configuration applied: .*interval=2s", Duration.ofSeconds(30));
            Daemon.await("config.changed audit event", Duration.ofSeconds(10), () -> Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'config.changed'") > 0);

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }
}
