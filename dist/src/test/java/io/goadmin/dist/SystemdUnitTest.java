package io.goadmin.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The shipped unit file passes {@code systemd-analyze verify} (where systemd is installed). */
class SystemdUnitTest {

    @Test
    void unitFileVerifies() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        String unit = Files.readString(Daemon.DIST.resolve("systemd/goadmin.service"));
        assertThat(unit).contains("ExecStart=/opt/goadmin/bin/goadmin serve", "SuccessExitStatus=143 130",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/goadmin");

        // Point ExecStart at the assembled distribution so verify can check that the command exists.
        Path copy = Homes.fresh("systemd").resolve("goadmin.service");
        Files.writeString(copy, unit.replace("/opt/goadmin/bin/goadmin", Daemon.DIST.resolve("bin/goadmin").toString()));
        Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Without a running systemd (containers, CI) verify still parses the unit; only complaints about the
        // unit itself count, not about the missing goadmin user or the host.
        assertThat(output.lines().filter(line -> line.contains("goadmin.service:"))
                .filter(line -> !line.contains("User") && !line.contains("Group")))
                .as("systemd-analyze verify:\n%s", output).isEmpty();
    }
}
