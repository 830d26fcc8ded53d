package io.goadmin.collector.jvm.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class JvmCollectorTest {
    private final RecordingLogger log = new RecordingLogger();

    @Test
    void reportsTheRunningJvm() throws Exception {
        JvmCollector collector = new JvmCollector(Configs.defaults(JvmCollector.Config.class), log.logger(),
                Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("jvm");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("heap_used_bytes").orElseThrow())
                .isBetween(1.0, context.value("heap_committed_bytes").orElseThrow());
        assertThat(context.value("threads_live").orElseThrow())
                .isBetween(1.0, context.value("threads_peak").orElseThrow());
        assertThat(context.value("uptime_seconds").orElseThrow()).isPositive();
        assertThat(context.records()).filteredOn(r -> r.key().equals("gc_collections_total"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.tags()).containsKey("gc"));
    }

    @Test
    void liveMachineOpenDescriptorsAreWithinTheLimit() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("Linux only").isTrue();
        JvmCollector collector = new JvmCollector(Configs.defaults(JvmCollector.Config.class), log.logger(),
                Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("jvm");

        collector.collect(context);

        assertThat(context.value("open_fds").orElseThrow()).isBetween(3.0, context.value("max_fds").orElseThrow());
        assertThat(context.value("process_cpu_seconds_total").orElseThrow()).isPositive();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void withoutProcTheDescriptorsAreLeftOutAndItSaysSoOnce(@TempDir Path empty) throws Exception {
        JvmCollector collector = new JvmCollector(Configs.defaults(JvmCollector.Config.class), log.logger(), empty);
        RecordingPollContext context = new RecordingPollContext("jvm");

        collector.collect(context);
        collector.collect(context);

        assertThat(context.records()).extracting(MetricRecord::key).doesNotContain("open_fds", "max_fds")
                .contains("heap_used_bytes");
        assertThat(log.lines()).hasSize(1);
    }
}
