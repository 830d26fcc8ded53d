package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * SIGKILL while the flood collector writes 2000 records a second, then a restart.
 *
 * <p>Nothing lost, precisely: a save returns only after its transaction committed (WAL mode), and the scheduler
 * counts a batch in the heartbeat's {@code records=} only after its save returned. So every record counted by the
 * last heartbeat before the kill is in the file afterwards, and because each flood poll is one ordered batch, the
 * flood's sequence numbers in the file have no hole: the records of the batch in flight at the kill are either all
 * there or all absent. (synchronous=NORMAL survives a crash of the process, which is what SIGKILL is; a power cut
 * needs synchronous=FULL.)
 */
class KillDuringWritesTest {

    @Test
    void sigkillDuringHeavyWritesLosesNoCountedRecordAndTheRestartIsClean() throws Exception {
        Path home = Homes.fresh("sigkill");
        Daemon.configure(home, Map.of(
                "goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\n",
                "goadmin.collector.flood", "collector.interval = 500ms\nrecords.per.poll = 1000\n"));
        Daemon.deploy(home, "flood");
        long counted;
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("collector added: flood", Duration.ofSeconds(60));
            Daemon.await("20000 counted records", Duration.ofSeconds(60),
                    () -> daemon.lastHeartbeat("records") >= 20_000);
            counted = daemon.lastHeartbeat("records");
            daemon.signal("KILL");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
        }

        Path database = home.resolve("data/goadmin.db");
        assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
        assertThat(Daemon.queryLong(database, "select count(*) from metrics"))
                .as("rows vs. records counted by the last heartbeat before SIGKILL").isGreaterThanOrEqualTo(counted);
        long floodRows = Daemon.queryLong(database, "select count(*) from metrics where module = 'flood'");
        long highest = Daemon.queryLong(database, "select max(value) from metrics where module = 'flood'");
        assertThat(floodRows).as("flood sequence 0..%d stored without a hole", highest).isEqualTo(highest + 1);

        try (Daemon again = Daemon.start(home)) {
            again.awaitLine("heartbeat .*records=[1-9]", Duration.ofSeconds(60));
            Daemon.await("new flood rows after the restart", Duration.ofSeconds(30),
                    () -> Daemon.queryLong(database, "select count(*) from metrics where module = 'flood'")
                            > floodRows);
            assertThat(again.log()).doesNotContain("cannot run").doesNotContain("\tat ");
            again.signal("TERM");
            assertThat(again.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
        assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
    }
}
