package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;

class DiskCollectorTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path proc;

    private final RecordingLogger log = new RecordingLogger();
    private final CountDownLatch release = new CountDownLatch(1);

    /** Every mount has 100 GiB, 40 GiB free, 30 GiB available to users; /mnt/nfs hangs until released. */
    private final MountStatter.SpaceReader space = path -> {
        if (path.equals("/mnt/nfs")) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new MountStatter.Space(100 * GIB, 40 * GIB, 30 * GIB);
    };

    @AfterEach
    void release() {
        release.countDown();
    }

    private DiskCollector collector(Map<String, ?> config) {
        Fixtures.copy(getClass(), "/proc/mounts-odd", proc.resolve("mounts"));
        return new DiskCollector(Configs.of(DiskCollector.Config.class, config), log.logger(), proc, space);
    }

    @Test
    void reportsEachRealFileSystemAndSkipsTheHungOne() throws Exception {
        DiskCollector collector = collector(Map.of("stat_timeout", "50ms"));
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);
        collector.deactivate();

        assertThat(context.rejections()).isEmpty();
        assertThat(context.records()).extracting(r -> r.tags().get("path")).containsOnly(null, "/",
                "/media/My Disk", "/mnt/tab\tand\\backslash".replace('\t', '?'), "/mnt/café", "/mnt/long", "/data");
        assertThat(context.value("mounts_hung")).hasValue(1.0);
        Map<String, String> data = Map.of("path", "/data", "device", "/dev/sde2", "fstype", "xfs");
        assertThat(context.value("total_bytes", data)).hasValue(100.0 * GIB);
        assertThat(context.value("used_bytes", data)).hasValue(60.0 * GIB);
        assertThat(context.value("available_bytes", data)).hasValue(30.0 * GIB);
        assertThat(context.value("used_percent", data)).hasValue(100.0 * 60 / 90);
        assertThat(context.records()).filteredOn(r -> "/mnt/long".equals(r.tags().get("path")))
                .allSatisfy(r -> assertThat(r.tags().get("device")).startsWith("server:/export/deep").hasSize(256));
        assertThat(log.lines()).singleElement().asString().contains("/mnt/nfs");
        assertThat(log.linesWithThrowable()).isEmpty();
    }

    @Test
    void afterDeactivationPollsReportNothingAndStartNoThread() throws Exception {
        DiskCollector collector = collector(Map.of());
        collector.deactivate();
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);

        assertThat(context.records()).extracting(MetricRecord::key).containsExactly("mounts_hung");
    }

    @Test
    void filtersAreConfigurable() throws Exception {
        DiskCollector collector = collector(Map.of("fstypes_include", new String[] {"ext4", "tmpfs"},
                "fstypes_exclude", new String[0], "mount_points_exclude", new String[] {"/data"}));
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);
        collector.deactivate();

        assertThat(context.records()).extracting(r -> r.tags().get("path")).containsOnly(null, "/", "/run");
    }

    @Test
    void liveMachineUsedIsAtMostTotal() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/mounts"))).as("Linux only").isTrue();
        DiskCollector collector = new DiskCollector(Configs.defaults(DiskCollector.Config.class), log.logger());
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);
        collector.deactivate();

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("mounts_hung")).hasValue(0.0);
        for (MetricRecord total : context.records()) {
            if (total.key().equals("total_bytes")) {
                assertThat(context.value("used_bytes", total.tags()).orElseThrow()).isBetween(0.0, total.value());
            }
        }
    }
}
