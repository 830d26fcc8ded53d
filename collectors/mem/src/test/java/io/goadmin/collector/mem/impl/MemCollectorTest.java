package io.goadmin.collector.mem.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class MemCollectorTest {
    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void reportsEveryKeyFromTheFixture() throws Exception {
        Fixtures.copy(getClass(), "/proc/meminfo-with-swap", proc.resolve("meminfo"));
        MemCollector collector = new MemCollector(Configs.defaults(MemCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("mem");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).extracting(MetricRecord::key).containsExactly("total_bytes", "available_bytes",
                "available_percent", "used_bytes", "used_percent", "free_bytes", "buffers_bytes", "cached_bytes",
                "slab_reclaimable_bytes", "shared_bytes");
        assertThat(context.value("total_bytes")).hasValue(16_314_624.0 * 1024);
        assertThat(context.value("available_percent")).hasValue(100.0 * 9_123_456 / 16_314_624);
    }

    @Test
    void withoutProcMeminfoItSaysSoOnceAndReportsNothing() throws Exception {
        MemCollector collector = new MemCollector(Configs.defaults(MemCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("mem");

        collector.collect(context);
        collector.collect(context);

        assertThat(context.records()).isEmpty();
        assertThat(log.lines()).hasSize(1);
    }

    @Test
    void aBadIntervalIsRefused() {
        assertThatThrownBy(() -> new MemCollector(
                Configs.of(MemCollector.Config.class, Map.of("collector_interval", "0s")), log.logger(), proc))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goadmin.collector.mem collector.interval");
    }

    @Test
    void liveMachineUsedMemoryIsAtMostTotal() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/meminfo"))).as("Linux only").isTrue();
        MemCollector collector = new MemCollector(Configs.defaults(MemCollector.Config.class), log.logger(),
                Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("mem");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        double total = context.value("total_bytes").orElseThrow();
        assertThat(total).isPositive();
        assertThat(context.value("used_bytes").orElseThrow()).isBetween(0.0, total);
        assertThat(context.value("available_bytes").orElseThrow()).isBetween(0.0, total);
        assertThat(context.value("used_percent").orElseThrow()).isBetween(0.0, 100.0);
    }
}
