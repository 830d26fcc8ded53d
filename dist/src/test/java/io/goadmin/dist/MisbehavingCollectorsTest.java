package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Collector bundles that throw in activate, throw in every collect, hang in collect ignoring interruption, and flood,
 * all deployed at once with the default collectors and only two workers. The daemon keeps its promises: the
 * heartbeat goes on, the well-behaved collectors' rows keep arriving, failures are counted and logged as lines
 * without stack traces at a bounded rate, and SIGTERM still ends the process within the spec's 10 s.
 */
class MisbehavingCollectorsTest {

    @Test
    void throwingHangingAndFloodingCollectorsDoNotStopTheOthersNorTheShutdown() throws Exception {
        Path home = Homes.fresh("misbehaving");
        Daemon.configure(home, Map.of(
                "goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 1s\ntimeout = 2s\nworkers = 2\n",
                "goadmin.collector.flood", "collector.interval = 1s\nrecords.per.poll = 2000\n"));
        Daemon.deploy(home, "throwing", "hanging", "flood");
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("collector added: hanging", Duration.ofSeconds(60));
            daemon.awaitLine("collector added: throws_in_collect", Duration.ofSeconds(60));
            daemon.awaitLine("collector added: flood", Duration.ofSeconds(60));
            // Give the hanging collector time to hold its worker past its 2 s deadline, then look at what follows.
            Thread.sleep(4000);
            Path database = daemon.database();
            long cpuBefore = Daemon.queryLong(database, "select count(*) from metrics where module = 'cpu'");
            long floodBefore = Daemon.queryLong(database, "select count(*) from metrics where module = 'flood'");
            int mark = daemon.mark();
            long watchedFrom = System.nanoTime();
            for (int beat = 0; beat < 8; beat++) {
                daemon.awaitLine(" heartbeat ", Duration.ofSeconds(10), daemon.mark());
            }
            long watchedSeconds = Math.max(1, Duration.ofNanos(System.nanoTime() - watchedFrom).toSeconds());

            assertThat(daemon.isAlive()).isTrue();
            Daemon.await("new cpu and flood rows", Duration.ofSeconds(30),
                    () -> Daemon.queryLong(database, "select count(*) from metrics where module = 'cpu'") > cpuBefore
                            && Daemon.queryLong(database, "select count(*) from metrics where module = 'flood'")
                                    > floodBefore);
            assertThat(Daemon.queryLong(database, "select count(*) from metrics where module = 'throws_in_activate'"))
                    .isZero();
            assertThat(daemon.lastHeartbeat("errors")).as("failures are counted").isPositive();
            // Bounded logging: a failing collector does not write a line per poll forever (one per poll at most).
            long failureLines = daemon.countLines("throws_in_collect|hanging", mark);
            assertThat(failureLines).as("lines about the failing collectors in %d s; log:\n%s", watchedSeconds,
                    daemon.log()).isLessThanOrEqualTo(2 * watchedSeconds + 2);
            assertThat(daemon.log()).contains("activation fails on purpose").doesNotContain("\tat ");

            long signalled = System.nanoTime();
            daemon.signal("TERM");
            int status = daemon.awaitExit(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
            assertThat(status).as("log:\n%s", daemon.log()).isEqualTo(143);
            assertThat(Daemon.queryString(database, "pragma integrity_check")).isEqualTo("ok");
        }
    }
}
