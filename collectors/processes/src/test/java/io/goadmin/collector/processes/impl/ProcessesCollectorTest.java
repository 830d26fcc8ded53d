package io.goadmin.collector.processes.impl;

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

class ProcessesCollectorTest {
    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void countsProcessesByStateSkippingVanishedAndBrokenOnes() throws Exception {
        Fixtures.copy(getClass(), "/proc/pid-stat-init", proc.resolve("1/stat"));
        Fixtures.copy(getClass(), "/proc/pid-stat-cat", proc.resolve("25818/stat"));
        Fixtures.copy(getClass(), "/proc/pid-stat-odd", proc.resolve("4242/stat"));
        Fixtures.copy(getClass(), "/proc/pid-stat-cat", proc.resolve("self/stat"));
        Files.writeString(proc.resolve("1/status"), "not read");
        Files.createDirectories(proc.resolve("100")); // ended between listing and reading: no stat file
        Files.createDirectories(proc.resolve("99"));
        Files.writeString(proc.resolve("99/stat"), "99 (broken");
        ProcessesCollector collector = new ProcessesCollector(Configs.defaults(ProcessesCollector.Config.class),
                log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("processes");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("running")).hasValue(1.0);
        assertThat(context.value("sleeping")).hasValue(2.0);
        assertThat(context.value("zombies")).hasValue(0.0);
        assertThat(context.value("total")).hasValue(3.0);
        assertThat(context.value("total_threads")).hasValue(16.0 + 1 + 7);
    }

    @Test
    void liveMachineCountsAddUp() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux only").isTrue();
        ProcessesCollector collector = new ProcessesCollector(Configs.defaults(ProcessesCollector.Config.class),
                log.logger(), Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("processes");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        double total = context.value("total").orElseThrow();
        double byState = context.records().stream()
                .filter(r -> !r.key().startsWith("total"))
                .mapToDouble(r -> r.value()).sum();
        assertThat(total).isPositive().isEqualTo(byState);
        assertThat(context.value("total_threads").orElseThrow()).isGreaterThanOrEqualTo(total);
    }
}
