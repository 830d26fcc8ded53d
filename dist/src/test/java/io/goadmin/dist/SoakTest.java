package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Two minutes of {@code scripts/soak}: the daemon under the flood collector with size purges running, its threads,
 * RSS, descriptors, heap after GC and database size checked against the script's bounds (see docs/soak.md). The one
 * long test of the suite; it catches a leak that grows within minutes.
 */
class SoakTest {

    @Test
    void twoMinuteSoakKeepsEveryBound() throws Exception {
        Path script = Path.of("..", "scripts", "soak").toAbsolutePath().normalize();
        Path out = Path.of("target", "soak").toAbsolutePath();
        Files.createDirectories(out.getParent());
        Process soak = new ProcessBuilder(script.toString(), "--duration", "2m", "--out", out.toString(),
                "--dist", Daemon.DIST.toAbsolutePath().toString(),
                "--flood-jar", Daemon.testBundle("flood").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("soak.out").toFile())
                .start();
        // Not a timed assertion: a bound so a hung script cannot hang the build.
        boolean finished = soak.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            soak.destroy();
        }
        String report = Files.readString(out.resolveSibling("soak.out"));
        assertThat(finished).as("soak finished; output:\n%s", report).isTrue();
        assertThat(soak.exitValue()).as("soak exit status; output:\n%s", report).isZero();
        assertThat(out.resolve("samples.csv")).exists();
    }
}
