package io.goadmin.collector.mem.impl;

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

class SwapCollectorTest {
    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void reportsSpaceAndPaging() throws Exception {
        Fixtures.copy(getClass(), "/proc/meminfo-with-swap", proc.resolve("meminfo"));
        Fixtures.copy(getClass(), "/proc/vmstat-with-swap", proc.resolve("vmstat"));
        Fixtures.copy(getClass(), "/proc/self/auxv-x86-64", proc.resolve("self/auxv"));
        SwapCollector collector = new SwapCollector(Configs.defaults(SwapCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("swap");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("total_bytes")).hasValue(8_388_604.0 * 1024);
        assertThat(context.value("used_bytes")).hasValue((8_388_604.0 - 6_291_452) * 1024);
        assertThat(context.value("used_percent")).hasValue(100.0 * (8_388_604 - 6_291_452) / 8_388_604);
        assertThat(context.value("in_pages_total")).hasValue(18_446_744_073_709_551_615.0);
        assertThat(context.value("out_pages_total")).hasValue(4096.0);
        assertThat(context.value("in_bytes_total")).hasValue(18_446_744_073_709_551_615.0 * 4096);
        assertThat(context.value("out_bytes_total")).hasValue(4096.0 * 4096);
    }

    @Test
    void aMachineWithoutSwapReportsZerosAndNoPagingWithoutVmstat() throws Exception {
        Fixtures.copy(getClass(), "/proc/meminfo-vm", proc.resolve("meminfo"));
        SwapCollector collector = new SwapCollector(Configs.defaults(SwapCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("swap");

        collector.collect(context);

        assertThat(context.value("total_bytes")).hasValue(0.0);
        assertThat(context.value("used_percent")).hasValue(0.0);
        assertThat(context.value("in_pages_total")).isEmpty();
    }

    @Test
    void withoutAuxvPagingIsReportedInPagesOnly() throws Exception {
        Fixtures.copy(getClass(), "/proc/meminfo-with-swap", proc.resolve("meminfo"));
        Fixtures.copy(getClass(), "/proc/vmstat-with-swap", proc.resolve("vmstat"));
        SwapCollector collector = new SwapCollector(Configs.defaults(SwapCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("swap");

        collector.collect(context);

        assertThat(context.value("out_pages_total")).hasValue(4096.0);
        assertThat(context.value("out_bytes_total")).isEmpty();
    }

    @Test
    void liveMachineSwapUsedIsAtMostTotal() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/meminfo"))).as("Linux only").isTrue();
        SwapCollector collector = new SwapCollector(Configs.defaults(SwapCollector.Config.class), log.logger(),
                Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("swap");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("used_bytes").orElseThrow())
                .isBetween(0.0, context.value("total_bytes").orElseThrow());
        assertThat(context.value("in_pages_total")).isPresent();
        assertThat(context.value("in_bytes_total").orElseThrow())
                .isGreaterThanOrEqualTo(context.value("in_pages_total").orElseThrow() * 4096);
    }
}
