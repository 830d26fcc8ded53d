package io.goadmin.collector.cpu.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class CpuCollectorTest {
    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void firstPollPrimesAndTheSecondReportsEveryStateForTotalAndCores() throws IOException {
        write("cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\n");
        CpuCollector collector = new CpuCollector(Configs.defaults(CpuCollector.Config.class), log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("cpu");

        collector.collect(context);
        assertThat(context.records()).isEmpty();

        write("cpu  200 0 200 1600 0 0 0 0 0 0\ncpu0 150 0 50 400 0 0 0 0 0 0\ncpu1 50 0 150 800 0 0 0 0 0 0\n");
        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).hasSize(30);
        assertThat(context.value("usage_user_percent", Map.of("cpu", "total"))).hasValue(10.0);
        assertThat(context.value("usage_user_percent", Map.of("cpu", "cpu0"))).hasValue(100.0);
        assertThat(context.value("usage_idle_percent", Map.of("cpu", "cpu1"))).hasValue(80.0);
    }

    @Test
    void perCpuAndTotalCanBeSwitchedOff() throws IOException {
        write("cpu  1 0 1 8 0 0 0 0 0 0\ncpu0 1 0 1 8 0 0 0 0 0 0\n");
        CpuCollector collector = new CpuCollector(Configs.of(CpuCollector.Config.class, Map.of("percpu", false)),
                log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("cpu");
        collector.collect(context);
        write("cpu  2 0 2 16 0 0 0 0 0 0\ncpu0 2 0 2 16 0 0 0 0 0 0\n");
        collector.collect(context);

        assertThat(context.records()).extracting(r -> r.tags().get("cpu")).containsOnly("total");
    }

    @Test
    void withoutProcStatItSaysSoOnceAndReportsNothing() throws IOException {
        CpuCollector collector = new CpuCollector(Configs.defaults(CpuCollector.Config.class), log.logger(),
                proc.resolve("missing"));
        RecordingPollContext context = new RecordingPollContext("cpu");

        collector.collect(context);
        collector.collect(context);

        assertThat(context.records()).isEmpty();
        assertThat(log.lines()).hasSize(1).first().asString().startsWith("WARN collector cpu reports nothing");
        assertThat(log.linesWithThrowable()).isEmpty();
    }

    @Test
    void aBadIntervalIsLoggedAsOneLineAndRefused() {
        assertThatThrownBy(() -> new CpuCollector(
                Configs.of(CpuCollector.Config.class, Map.of("collector_interval", "often")), log.logger(), proc))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goadmin.collector.cpu collector.interval 'often'");
        assertThat(log.lines()).hasSize(1);
        assertThat(log.linesWithThrowable()).isEmpty();
    }

    @Test
    void liveMachinePercentagesAddUpToAboutHundred() throws Exception {
        CpuCollector collector = new CpuCollector(Configs.defaults(CpuCollector.Config.class), log.logger(),
                Path.of("/proc"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/stat")), "Linux only");
        RecordingPollContext context = new RecordingPollContext("cpu");
        collector.collect(context);
        // poll until the kernel's clock ticked at least once (it ticks every few milliseconds)
        for (int i = 0; i < 1000 && context.value("usage_idle_percent", Map.of("cpu", "total")).isEmpty(); i++) {
            Thread.sleep(10);
            collector.collect(context);
        }

        assertThat(context.rejections()).isEmpty();
        double sum = context.records().stream()
                .filter(r -> r.tags().get("cpu").equals("total"))
                .mapToDouble(MetricRecord::value).sum();
        assertThat(sum).isCloseTo(100.0, within(0.01));
        assertThat(context.records()).allSatisfy(r -> assertThat(r.value()).isBetween(0.0, 100.0));
    }

    private void write(String stat) throws IOException {
        Files.writeString(proc.resolve("stat"), stat, StandardCharsets.ISO_8859_1);
    }
}
