package io.goadmin.collector.processes.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
    void liveMachineCountsMatchTheProcessDirectories() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux only").isTrue();
        ProcessesCollector collector = new ProcessesCollector(Configs.defaults(ProcessesCollector.Config.class),
                log.logger(), Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("processes");

        long before = processDirectories();
        collector.collect(context);
        long after = processDirectories();

        assertThat(context.rejections()).isEmpty();
        // processes may start and end while the poll runs (the build forks some): allow for a few
        long slack = Math.max(10, Math.max(before, after) / 20);
        double total = context.value("total").orElseThrow();
        assertThat(total).isBetween((double) Math.min(before, after) - slack, (double) Math.max(before, after) + slack);
        assertThat(context.records()).filteredOn(r -> !r.key().startsWith("total"))
                .allSatisfy(r -> assertThat(r.value()).isBetween(0.0, total));
        assertThat(context.value("total_threads").orElseThrow())
                .isGreaterThanOrEqualTo(total)
                .isGreaterThanOrEqualTo(threadsOfThisProcess());
    }

    private static long processDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().matches("[0-9]+") && Files.isDirectory(p)).count();
        }
    }

    private static double threadsOfThisProcess() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToDouble(line -> Double.parseDouble(line.substring("Threads:".length()).trim()))
                .findFirst().orElseThrow();
    }
}
