package io.goadmin.collector.disk.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.goadmin.collector.support.CollectorSettings;
import io.goadmin.collector.support.NameFilter;
import io.goadmin.collector.support.ProcReader;
import io.goadmin.collector.support.TagValues;
import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;
import io.goadmin.core.units.Durations;

/**
 * Space per mounted file system, tagged {@code path}, {@code device} and {@code fstype}; pseudo file systems are left
 * out by default. Each mount point is asked on a helper thread with a timeout, so a hung mount is skipped (and
 * counted in {@code mounts_hung}) instead of hanging the poll. While too many helpers are stuck, mount points that
 * answered on their last poll and block-device mounts are still asked; the others are counted in
 * {@code mounts_skipped}.
 */
@Component(service = Collector.class, configurationPid = DiskCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DiskCollector.Config.class)
public final class DiskCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.disk";
    /** Most helper threads left blocked in hung mounts at once. */
    static final int MAX_ABANDONED_THREADS = 4;
    private static final int TAG_CACHE_MAX = 4096;
    /** Time kept back before the poll's deadline to emit and return, so what was measured is stored. */
    private static final Duration FINISH_RESERVE = Duration.ofMillis(100);

    /** The disk space collector's settings. */
    @ObjectClassDefinition(name = "goadmin disk space collector",
            description = "Space and inodes per mounted file system: total, used, free, available, used percent.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Mount points to include", required = false,
                description = "Mount points or globs (/, /data*); empty includes every mount point not excluded.")
        String[] mount_points_include() default {};

        @AttributeDefinition(name = "Mount points to exclude", required = false,
                description = "Mount points or globs left out.")
        String[] mount_points_exclude() default {"/proc", "/proc/*", "/sys", "/sys/*", "/dev", "/dev/*",
            "/run/credentials/*", "/var/lib/docker/*", "/var/lib/containers/storage/*"};

        @AttributeDefinition(name = "File-system types to include", required = false,
                description = "File-system types or globs (ext4, xfs); empty includes every type not excluded.")
        String[] fstypes_include() default {};

        @AttributeDefinition(name = "File-system types to exclude", required = false,
                description = "File-system types left out; by default the pseudo and in-memory file systems.")
        String[] fstypes_exclude() default {"proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "ramfs", "overlay",
            "aufs", "squashfs", "erofs", "iso9660", "cgroup", "cgroup2", "autofs", "binfmt_misc", "bpf", "configfs",
            "debugfs", "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "pstore", "rpc_pipefs", "securityfs",
            "selinuxfs", "tracefs", "nfsd"};

        @AttributeDefinition(name = "Devices to include", required = false,
                description = "Device names or globs (/dev/sd*); empty includes every device not excluded.")
        String[] devices_include() default {};

        @AttributeDefinition(name = "Devices to exclude", required = false,
                description = "Device names or globs left out.")
        String[] devices_exclude() default {};

        @AttributeDefinition(name = "Timeout per mount point",
                description = "How long to wait for one mount point to answer before skipping it, such as 1s; never"
                        + " past the poll's deadline, after which the rest are skipped (mounts_skipped). A"
                        + " mount point that does not answer is skipped (mounts_hung) until its call returns. While 4"
                        + " calls are stuck, only mount points that answered last time and block devices are asked;"
                        + " the others are skipped (mounts_skipped).")
        String stat_timeout() default "1s";
    }

    private final Logger log;
    private final Path mounts;
    private final NameFilter paths;
    private final NameFilter fstypes;
    private final NameFilter devices;
    private final boolean available;
    private final MountStatter statter;
    private final ProcReader reader = new ProcReader();
    private final Map<Mount, Map<String, String>> tags = new HashMap<>();
    private final Set<String> hung = new HashSet<>();
    /** Mount points whose last call answered: trusted with the reserved helper once too many threads are stuck. */
    private final Set<String> answered = new HashSet<>();
    private boolean saturationLogged;
    private boolean deadlineLogged;

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public DiskCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"), spaceReader(log));
    }

    /** statvfs through JNA, for inode counts; java.io.File (no inode counts) where JNA does not work. */
    static MountStatter.SpaceReader spaceReader(Logger log) {
        String failure = Statvfs.link();
        if (failure == null) {
            return Statvfs::read;
        }
        log.info("disk: no inode counts, statvfs through JNA does not work here ({}); sizes are read through"
                + " java.io.File", failure);
        return MountStatter.FILE_SPACE;
    }

    DiskCollector(Config config, Logger log, Path procRoot, MountStatter.SpaceReader spaceReader) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        Duration timeout;
        try {
            timeout = Durations.parseAtLeast(PID + " stat.timeout", config.stat_timeout(), Duration.ofMillis(10));
        } catch (IllegalArgumentException e) {
            log.error("{}; the collector is not started until it is fixed", e.getMessage());
            throw e;
        }
        this.log = log;
        this.mounts = procRoot.resolve("mounts");
        this.paths = NameFilter.of(config.mount_points_include(), config.mount_points_exclude());
        this.fstypes = NameFilter.of(config.fstypes_include(), config.fstypes_exclude());
        this.devices = NameFilter.of(config.devices_include(), config.devices_exclude());
        this.available = CollectorSettings.available(log, name(), mounts);
        this.statter = new MountStatter(spaceReader, timeout, MAX_ABANDONED_THREADS);
    }

    /** Stops the helper thread. */
    @Deactivate
    void deactivate() throws InterruptedException {
        statter.close();
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException, InterruptedException {
        if (!available) {
            return;
        }
        int hungNow = 0;
        int skippedNow = 0;
        if (tags.size() > TAG_CACHE_MAX) {
            tags.clear();
        }
        Instant askBy = askBy(context.deadline());
        boolean outOfTime = false;
        List<Mount> visible = MountsParser.parse(reader.read(mounts));
        // forget mount points that were unmounted, so the sets stay as small as the mount table
        hung.removeIf(path -> visible.stream().noneMatch(mount -> mount.path().equals(path)));
        answered.removeIf(path -> visible.stream().noneMatch(mount -> mount.path().equals(path)));
        for (Mount mount : visible) {
            if (context.isCancelled()) {
                return;
            }
            if (!fstypes.accepts(mount.fstype()) || !paths.accepts(mount.path())
                    || !devices.accepts(mount.device())) {
                continue;
            }
            MountStatter.Outcome outcome = statter.stat(mount.path(), trusted(mount), askBy);
            if (outcome instanceof MountStatter.Hung stuck) {
                hungNow++;
                if (stuck.newlyHung()) {
                    answered.remove(mount.path());
                    if (hung.add(mount.path())) {
                        log.warn("disk: {} ({}) did not answer within the stat timeout (or before the poll's"
                                + " deadline); skipping it until it does", mount.path(), mount.fstype());
                    }
                }
            } else if (outcome instanceof MountStatter.Skipped skipped) {
                skippedNow++;
                if (skipped.reason() == MountStatter.Reason.DEADLINE) {
                    outOfTime = true;
                    if (!deadlineLogged) {
                        deadlineLogged = true;
                        log.warn("disk: the poll's deadline came before {} and the mount points after it could be"
                                + " asked; they are counted in mounts_skipped. Fix: raise the scheduler's timeout or lower"
                                + " {} stat.timeout", mount.path(), PID);
                    }
                } else if (!saturationLogged) {
                    saturationLogged = true;
                    log.warn("disk: {} helper threads are stuck in hung mounts; until one returns, only mount points"
                            + " that answered last time and block devices are asked, on one reserved thread, and the"
                            + " others (first {}) are skipped and counted in mounts_skipped",
                            MAX_ABANDONED_THREADS, mount.path());
                }
            } else {
                answered.add(mount.path());
                if (hung.remove(mount.path())) {
                    log.info("disk: {} answers again", mount.path());
                }
                if (outcome instanceof MountStatter.Measured measured) {
                    emit(context, mount, measured.space());
                }
            }
        }
        if (deadlineLogged && !outOfTime) {
            deadlineLogged = false;
            log.info("disk: every mount point was asked before the poll's deadline again");
        }
        if (saturationLogged && !statter.saturated()) {
            saturationLogged = false;
            log.info("disk: stuck helper threads returned; every mount point is asked again");
        }
        context.emit("mounts_hung", hungNow);
        context.emit("mounts_skipped", skippedNow);
    }

    /** When to stop asking: the deadline less a reserve of 100 ms, or of a tenth of the time left if that is less. */
    private static Instant askBy(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        Duration tenth = left.isNegative() ? Duration.ZERO : left.dividedBy(10);
        return deadline.minus(tenth.compareTo(FINISH_RESERVE) < 0 ? tenth : FINISH_RESERVE);
    }

    /**
     * A mount point that answered last time, or a block device (a local file system answers statvfs from memory),
     * may use the reserved helper while too many helpers are stuck.
     */
    private boolean trusted(Mount mount) {
        return answered.contains(mount.path()) || mount.device().startsWith("/dev/");
    }

    private void emit(PollContext context, Mount mount, MountStatter.Space space) {
        if (space.total() <= 0) {
            return; // unreadable (no permission) or a size-less file system
        }
        Map<String, String> tag = tags.computeIfAbsent(mount, m -> Map.of("path", TagValues.of(m.path()),
                "device", TagValues.of(m.device()), "fstype", TagValues.of(m.fstype())));
        long used = Math.max(0, space.total() - space.free());
        long usable = used + space.available();
        context.emit("total_bytes", space.total(), tag);
        context.emit("free_bytes", space.free(), tag);
        context.emit("available_bytes", space.available(), tag);
        context.emit("used_bytes", used, tag);
        // as df computes Use%: of the space unprivileged users can have, leaving the reserved blocks out
        context.emit("used_percent", usable == 0 ? 0 : 100.0 * used / usable, tag);
        if (space.hasInodes()) {
            long inodesUsed = space.inodes() - space.inodesFree();
            context.emit("total_inodes", space.inodes(), tag);
            context.emit("free_inodes", space.inodesFree(), tag);
            context.emit("used_inodes", inodesUsed, tag);
            // as df -i computes IUse%
            context.emit("used_inodes_percent", 100.0 * inodesUsed / space.inodes(), tag);
        }
    }
}
