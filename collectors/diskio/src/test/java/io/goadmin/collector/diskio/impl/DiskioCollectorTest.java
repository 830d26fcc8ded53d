package io.goadmin.collector.diskio.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class DiskioCollectorTest {
    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void reportsElevenCountersPerDeviceLeavingOutLoopDevicesByDefault() throws Exception {
        Fixtures.copy(getClass(), "/proc/diskstats-odd", proc.resolve("diskstats"));
        DiskioCollector collector = new DiskioCollector(Configs.defaults(DiskioCollector.Config.class),
                log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("diskio");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).hasSize(4 * 11);
        assertThat(context.records()).extracting(r -> r.tags().get("device")).doesNotContain("loop0");
        Map<String, String> nvme = Map.of("device", "nvme0n1");
        assertThat(context.value("read_bytes_total", nvme)).hasValue(2048.0 * 512);
        assertThat(context.value("written_bytes_total", nvme)).hasValue(4096.0 * 512);
        assertThat(context.value("read_time_seconds_total", nvme)).hasValue(0.005);
        assertThat(context.value("io_now", nvme)).hasValue(3.0);
    }

    @Test
    void includeListNarrowsTheDevices() throws Exception {
        Fixtures.copy(getClass(), "/proc/diskstats-odd", proc.resolve("diskstats"));
        DiskioCollector collector = new DiskioCollector(Configs.of(DiskioCollector.Config.class,
                Map.of("devices_include", new String[] {"sd*", "loop*"}, "devices_exclude", new String[0])),
                log.logger(), proc);
        RecordingPollContext context = new RecordingPollContext("diskio");

        collector.collect(context);

        assertThat(context.records()).extracting(r -> r.tags().get("device")).containsOnly("sda", "loop0");
    }

    @Test
    void liveMachineReportsEveryDeviceOfDiskstats() throws Exception {
        Path diskstats = Path.of("/proc/diskstats");
        assumeThat(Files.isReadable(diskstats)).as("Linux only").isTrue();
        Set<String> devices = Files.readAllLines(diskstats).stream().map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length >= 14).map(fields -> fields[2]).collect(Collectors.toSet());
        assumeThat(devices).as("block devices on this machine").isNotEmpty();
        DiskioCollector collector = new DiskioCollector(Configs.of(DiskioCollector.Config.class,
                Map.of("devices_exclude", new String[0])), log.logger(), Path.of("/proc"));
        RecordingPollContext context = new RecordingPollContext("diskio");

        collector.collect(context);

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).hasSize(11 * devices.size());
        assertThat(context.records()).extracting(r -> r.tags().get("device")).containsOnlyElementsOf(devices)
                .containsAll(devices);
        assertThat(context.records()).extracting(MetricRecord::value).allSatisfy(v -> assertThat(v).isNotNegative());
    }
}
