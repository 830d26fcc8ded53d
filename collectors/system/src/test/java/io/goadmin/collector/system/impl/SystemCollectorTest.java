package io.goadmin.collector.system.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class SystemCollectorTest {
    @TempDir
    Path root;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void reportsEveryKeyFromTheFixtures() throws Exception {
        Fixtures.copy(getClass(), "/proc/loadavg-vm", root.resolve("proc/loadavg"));
        Fixtures.copy(getClass(), "/proc/uptime-vm", root.resolve("proc/uptime"));
        Fixtures.copy(getClass(), "/sys/cpu-online-vm", root.resolve("sys/devices/system/cpu/online"));
        SystemCollector collector = new SystemCollector(Configs.defaults(SystemCollector.Config.class),
                log.logger(), root.resolve("proc"), root.resolve("sys"));
        RecordingPollContext context = new RecordingPollContext("system");

        collector.collect(context);

        assertThat(context.records()).extracting(MetricRecord::key).containsExactly("load1", "load5", "load15",
                "tasks_running", "tasks_total", "uptime_seconds", "n_cpus");
        assertThat(context.value("n_cpus")).hasValue(2.0);
        assertThat(context.value("tasks_total")).hasValue(208.0);
    }

    @Test
    void withoutProcItSaysSoOnceAndReportsNothing() throws Exception {
        SystemCollector collector = new SystemCollector(Configs.defaults(SystemCollector.Config.class),
                log.logger(), root.resolve("proc"), root.resolve("sys"));
        RecordingPollContext context = new RecordingPollContext("system");

        collector.collect(context);

        assertThat(context.records()).isEmpty();
        assertThat(log.lines()).hasSize(1);
    }

    @Test
    void liveMachineValuesAreSane() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/loadavg"))).as("Linux only").isTrue();
        SystemCollector collector = new SystemCollector(Configs.defaults(SystemCollector.Config.class),
                log.logger(), Path.of("/proc"), Path.of("/sys"));
        RecordingPollContext context = new RecordingPollContext("system");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("uptime_seconds").orElseThrow()).isPositive();
        assertThat(context.value("n_cpus").orElseThrow()).isGreaterThanOrEqualTo(1.0);
        assertThat(context.value("tasks_running").orElseThrow())
                .isBetween(0.0, context.value("tasks_total").orElseThrow());
    }
}
