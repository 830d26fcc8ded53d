package io.goadmin.collector.disk.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.goadmin.collector.support.testing.Configs;
import io.goadmin.collector.support.testing.Fixtures;
import io.goadmin.collector.support.testing.RecordingLogger;
import io.goadmin.collector.support.testing.RecordingPollContext;
import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;

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

    /** The mount points that hang until released; the others answer 100 GiB. */
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();
    private final MountStatter.SpaceReader hangingSpace = path -> {
        if (hanging.contains(path)) {
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

    /** Five NFS mounts, then / on a block device. */
    private DiskCollector nfsCollector() {
        return nfsCollector("50ms");
    }

    private DiskCollector nfsCollector(String statTimeout) {
        Fixtures.copy(getClass(), "/proc/mounts-nfs", proc.resolve("mounts"));
        return new DiskCollector(Configs.of(DiskCollector.Config.class, Map.of("stat_timeout", statTimeout)),
                log.logger(), proc, hangingSpace);
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
    void reportsInodesWhereTheFileSystemCountsThem() throws Exception {
        Fixtures.copy(getClass(), "/proc/mounts-odd", proc.resolve("mounts"));
        // btrfs has no fixed inode table and reports zero inodes, as vfat does
        MountStatter.SpaceReader withInodes = path -> new MountStatter.Space(100 * GIB, 40 * GIB, 30 * GIB,
                path.startsWith("/mnt/caf") ? 0 : 1000, path.startsWith("/mnt/caf") ? 0 : 250);
        DiskCollector collector = new DiskCollector(Configs.defaults(DiskCollector.Config.class), log.logger(), proc,
                withInodes);
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);
        collector.deactivate();

        Map<String, String> data = Map.of("path", "/data", "device", "/dev/sde2", "fstype", "xfs");
        assertThat(context.value("total_inodes", data)).hasValue(1000.0);
        assertThat(context.value("free_inodes", data)).hasValue(250.0);
        assertThat(context.value("used_inodes", data)).hasValue(750.0);
        assertThat(context.value("used_inodes_percent", data)).hasValue(75.0);
        assertThat(context.records()).filteredOn(r -> r.key().contains("inodes"))
                .extracting(r -> r.tags().get("path")).doesNotContain("/mnt/café").contains("/");
        assertThat(context.value("total_bytes", Map.of("path", "/mnt/café", "device", "/dev/sdd1", "fstype",
                "btrfs"))).hasValue(100.0 * GIB);
    }

    @Test
    void afterDeactivationPollsReportNothingAndStartNoThread() throws Exception {
        DiskCollector collector = collector(Map.of());
        collector.deactivate();
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);

        assertThat(context.records()).extracting(MetricRecord::key).containsExactly("mounts_hung", "mounts_skipped");
    }

    @Test
    void pastTheThreadBoundMountsThatAnsweredLastTimeAreStillMeasured() throws Exception {
        DiskCollector collector = nfsCollector();
        RecordingPollContext context = new RecordingPollContext("disk");
        collector.collect(context);
        assertThat(context.records()).filteredOn(r -> r.key().equals("total_bytes")).hasSize(6);

        hanging.addAll(Set.of("/mnt/a", "/mnt/b", "/mnt/c", "/mnt/d"));
        context.clear();
        collector.collect(context);
        collector.deactivate();

        assertThat(context.value("mounts_hung")).hasValue(4.0);
        assertThat(context.value("mounts_skipped")).hasValue(0.0);
        assertThat(context.records()).filteredOn(r -> r.key().equals("total_bytes"))
                .extracting(r -> r.tags().get("path")).containsExactlyInAnyOrder("/mnt/e", "/");
    }

    @Test
    @Timeout(60) // only a guard: a broken recovery would otherwise loop forever
    void pastTheThreadBoundANewMountIsSkippedButNotTheRootAndThatIsLoggedOnce() throws Exception {
        DiskCollector collector = nfsCollector();
        hanging.addAll(Set.of("/mnt/a", "/mnt/b", "/mnt/c", "/mnt/d"));
        RecordingPollContext context = new RecordingPollContext("disk");

        for (int poll = 0; poll < 2; poll++) {
            context.clear();
            collector.collect(context);
            assertThat(context.value("mounts_hung")).hasValue(4.0);
            assertThat(context.value("mounts_skipped")).hasValue(1.0);
            assertThat(context.records()).filteredOn(r -> r.key().equals("total_bytes"))
                    .extracting(r -> r.tags().get("path")).containsExactly("/");
        }
        assertThat(log.lines()).filteredOn(line -> line.contains("helper threads are stuck")).singleElement()
                .asString().startsWith("WARN").contains("/mnt/e", "mounts_skipped");

        release.countDown();
        do {
            context.clear();
            collector.collect(context);
        } while (context.value("mounts_hung").orElseThrow() > 0 || context.value("mounts_skipped").orElseThrow() > 0);
        collector.deactivate();

        assertThat(context.records()).filteredOn(r -> r.key().equals("total_bytes")).hasSize(6);
        assertThat(log.lines()).filteredOn(line -> line.contains("every mount point is asked again")).hasSize(1);
        assertThat(log.linesWithThrowable()).isEmpty();
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
    void liveMachineUsedIsAtMostTotalForSpaceAndInodes() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/mounts"))).as("Linux only").isTrue();
        DiskCollector collector = new DiskCollector(Configs.defaults(DiskCollector.Config.class), log.logger());
        RecordingPollContext context = new RecordingPollContext("disk");

        collector.collect(context);
        collector.deactivate();

        assertThat(context.rejections()).isEmpty();
        assertThat(context.value("mounts_hung")).hasValue(0.0);
        assertThat(context.value("mounts_skipped")).hasValue(0.0);
        for (MetricRecord total : context.records()) {
            if (total.key().equals("total_bytes")) {
                assertThat(context.value("used_bytes", total.tags()).orElseThrow()).isBetween(0.0, total.value());
            }
            if (total.key().equals("total_inodes")) {
                assertThat(context.value("used_inodes", total.tags()).orElseThrow()).isBetween(0.0, total.value());
            }
        }
        if (Statvfs.link() == null) {
            assertThat(log.lines()).noneMatch(line -> line.contains("no inode counts"));
            // every file system with a fixed inode table (ext4, xfs) reports inodes
            assertThat(context.records()).filteredOn(r -> r.key().equals("total_bytes")
                    && List.of("ext4", "xfs").contains(r.tags().get("fstype")))
                    .allSatisfy(r -> assertThat(context.value("total_inodes", r.tags())).isPresent());
        }
    }

    @Test
    @Timeout(60) // only a guard: waiting for the whole stat timeout would take an hour
    void aHungMountWaitsOnlyUntilNearThePollsDeadlineAndTheRestIsSkipped() throws Exception {
        DiskCollector collector = nfsCollector("1h");
        hanging.add("/mnt/a");
        RecordingPollContext records = new RecordingPollContext("disk");

        collector.collect(withDeadline(records, Instant.now().plusMillis(500)));

        assertThat(records.value("mounts_hung")).hasValue(1.0);
        assertThat(records.value("mounts_skipped")).hasValue(5.0);
        assertThat(records.records()).extracting(MetricRecord::key).containsOnly("mounts_hung", "mounts_skipped");
        assertThat(log.lines()).filteredOn(line -> line.contains("deadline came before")).singleElement()
                .asString().startsWith("WARN").contains("/mnt/b", "stat.timeout");

        records.clear();
        collector.collect(records);
        collector.deactivate();

        assertThat(records.value("mounts_hung")).hasValue(1.0);
        assertThat(records.value("mounts_skipped")).hasValue(0.0);
        assertThat(records.records()).filteredOn(r -> r.key().equals("total_bytes")).hasSize(5);
        assertThat(log.lines()).filteredOn(line -> line.contains("before the poll's deadline again")).hasSize(1);
    }

    /** {@code target}, with a deadline. */
    private static PollContext withDeadline(RecordingPollContext target, Instant deadline) {
        return new PollContext() {
            @Override
            public long timestamp() {
                return target.timestamp();
            }

            @Override
            public Instant deadline() {
                return deadline;
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean emit(String key, double value) {
                return target.emit(key, value);
            }

            @Override
            public boolean emit(String key, double value, Map<String, String> tags) {
                return target.emit(key, value, tags);
            }
        };
    }
}
