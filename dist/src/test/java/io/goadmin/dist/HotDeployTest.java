package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A collector bundle copied into deploy/ of a running daemon is polled; removed, it is no longer polled. */
class HotDeployTest {

    @Test
    void pollsADroppedInCollectorAndStopsWhenItIsRemoved() throws Exception {
        Path example = exampleCollectorJar();
        Path home = Homes.fresh("hot-deploy");
        Daemon.configure(home, Map.of("goadmin.scheduler", "interval = 1s\njitter = 0s\nheartbeat = 5s\n"));
        try (Daemon daemon = Daemon.start(home)) {
            daemon.awaitLine("goadmin ready", Duration.ofSeconds(60));
            Path dropped = home.resolve("deploy/example-collector.jar");
            Files.copy(example, dropped);

            daemon.awaitLine("collector added: example", Duration.ofSeconds(30));
            Daemon.await("example metrics", Duration.ofSeconds(30),
                    () -> Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'") > 0);

            Files.delete(dropped);
            daemon.awaitLine("collector removed: example", Duration.ofSeconds(30));
            Thread.sleep(1500); // let a poll that was already running finish before counting
            long afterRemoval = Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'");
            Thread.sleep(3000);
            assertThat(Daemon.queryLong(daemon.database(), "select count(*) from metrics where module = 'example'"))
                    .as("no polls after removal").isEqualTo(afterRemoval);
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.installed' and source = 'system'")).isEqualTo(1);
            assertThat(Daemon.queryLong(daemon.database(),
                    "select count(*) from audit_events where action = 'bundle.uninstalled' and source = 'system'")).isEqualTo(1);

            Path broken = home.resolve("deploy/broken.jar");
            Files.writeString(broken, "this is not a jar");
            Thread.sleep(4000);
            assertThat(daemon.isAlive()).isTrue();

            daemon.signal("TERM");
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        }
    }

    private static Path exampleCollectorJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("io.goadmin.collector.example") && entry.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the example collector jar is not on the test class path"));
    }
}
