package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The spec's DoD: {@code goadmin serve} starts and logs a heartbeat, metrics reach SQLite on schedule, and on
 * SIGTERM (or SIGINT) every worker finishes in under 10 s, in order, with every counted record in the file.
 */
class ServeGracefulShutdownTest {

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM,143", "INT,130"})
    void stopsInOrderWithinTenSecondsKeepingEveryCountedRecord(String signal, int expectedStatus) throws Exception {
        Path home = Homes.fresh("shutdown-" + signal);
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("heartbeat", Duration.ofSeconds(60));
            Daemon.await("metric rows", Duration.ofSeconds(30),
                    () -> Files.exists(daemon.database())
                            && Daemon.queryLong(daemon.database(), "select count(*) from metrics") > 0);
            daemon.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(30));

            long signalled = System.nanoTime();
            daemon.signal(signal);
            int status = daemon.awaitExit(Duration.ofSeconds(10));
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);

            assertThat(status).as("exit status; log:\n%s", daemon.log()).isEqualTo(expectedStatus);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            String log = daemon.log();
            assertThat(log).contains("stopping: reason=SIG" + signal)
                    .containsPattern("stopping layer 4: .*collector")
                    .containsPattern("stopping layer 3: .*scheduler")
                    .containsPattern("stopping layer 2: .*storage")
                    .containsPattern("scheduler stopping: .*active workers=\\d+")
                    .contains("scheduler stopped: ")
                    .containsPattern("stopped in \\d+ ms \\(reason=SIG" + signal + "\\)");
            assertThat(daemon.lastLineMatching("scheduler stopped: ")).hasValueSatisfying(
                    line -> assertThat(line).contains("threads left=0"));
            assertThat(log).doesNotContain("Exception\n\tat ", "\tat java.");

            Path database = daemon.database();
            assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
            // The storage's closing line counts every record it committed, metrics and audit events alike,
            // including those written during the stop itself: all of them must be in the file.
            long committed = committedAtClose(daemon);
            assertThat(Daemon.queryLong(database, "select (select count(*) from metrics) + (select count(*) from audit_events)"))
                    .as("rows vs. records the storage counted as written when it closed")
                    .isEqualTo(committed);
            assertThat(Daemon.queryLong(database, "select count(*) from metrics"))
                    .isGreaterThanOrEqualTo(lastCountedRecords(daemon));
            assertThat(Daemon.queryLong(database, "select count(*) from audit_events where action = 'daemon.stopping'"))
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "SIG{0} then SIG{1}")
    @CsvSource({"TERM,TERM", "TERM,INT"})
    void aSecondSignalDuringStopChangesNothing(String first, String second) throws Exception {
        Path home = Homes.fresh("double-" + first + "-" + second);
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(60));

            daemon.signal(first);
            daemon.awaitLine("stopping: reason=SIG" + first, Duration.ofSeconds(10));
            if (daemon.isAlive()) {
                daemon.signal(second);
            }
            int status = daemon.awaitExit(Duration.ofSeconds(10));

            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(143);
            assertThat(daemon.output().stream().filter(line -> line.contains("daemon: stopping: reason="))).hasSize(1);
            assertThat(daemon.log()).containsPattern("stopped in \\d+ ms \\(reason=SIG" + first + "\\)");
            assertThat(Daemon.queryString(daemon.database(), "pragma integrity_check")).isEqualTo("ok");
            assertThat(lastCountedRecords(daemon))
                    .isLessThanOrEqualTo(Daemon.queryLong(daemon.database(), "select count(*) from metrics"));
        }
    }

    /** Leaving the console is an ordinary stop: in order, with the reason, status 0, not the 117 of "cannot run". */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"exit,console exit", "Ctrl-D,console closed"})
    void leavingTheConsoleStopsInOrderWithStatusZero(String how, String reason) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the daemon a terminal");
        Path home = Homes.fresh("console-" + how);
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\n"));
        try (Daemon daemon = Daemon.startWithConsole(home)) {
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));
            daemon.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(30));

            daemon.type("exit".equals(how) ? "exit\n" : "\u0004");
            int status = daemon.awaitExit(Duration.ofSeconds(10));

            assertThat(status).as("exit status; log:\n%s", daemon.log()).isZero();
            assertThat(daemon.log()).contains("stopping: reason=" + reason)
                    .containsPattern("stopping layer 2: .*storage")
                    .containsPattern("stopped in \\d+ ms \\(reason=" + reason + "\\)")
                    .doesNotContain("stopping shell and framework", "Cannot coerce");
            assertThat(Daemon.queryString(daemon.database(), "pragma integrity_check")).isEqualTo("ok");
            assertThat(Daemon.queryString(daemon.database(),
                    "select payload_json from audit_events where action = 'daemon.stopping'")).contains(reason);
        }
    }

    private static long committedAtClose(Daemon daemon) {
        String line = daemon.lastLineMatching("storage closed .*records written").orElseThrow(
                () -> new AssertionError("no 'storage closed' line; log:\n" + daemon.log()));
        Matcher matcher = Pattern.compile("\\((\\d+) records written").matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static long lastCountedRecords(Daemon daemon) {
        String line = daemon.lastLineMatching("heartbeat .*records=").orElseThrow();
        Matcher matcher = Pattern.compile("records=(\\d+)").matcher(line);
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
