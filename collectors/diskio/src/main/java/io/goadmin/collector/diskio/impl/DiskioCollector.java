package io.goadmin.collector.diskio.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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

/** Per block device I/O counters from {@code /proc/diskstats}, tagged {@code device}. */
@Component(service = Collector.class, configurationPid = DiskioCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DiskioCollector.Config.class)
public final class DiskioCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.diskio";
    private static final double SECTOR_BYTES = 512;
    private static final double MILLIS = 1000;
    private static final int TAG_CACHE_MAX = 4096;

    /** The disk I/O collector's settings. */
    @ObjectClassDefinition(name = "goadmin disk I/O collector",
            description = "Per block device reads, writes, bytes, time spent and I/Os in progress, from /proc/diskstats.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Devices to include", required = false,
                description = "Device names or globs (sda, nvme*); empty includes every device not excluded.")
        String[] devices_include() default {};

        @AttributeDefinition(name = "Devices to exclude", required = false,
                description = "Device names or globs left out; by default loop, RAM and floppy devices.")
        String[] devices_exclude() default {"loop*", "ram*", "zram*", "fd*"};
    }

    private final Path diskstats;
    private final NameFilter devices;
    private final boolean available;
    private final ProcReader reader = new ProcReader();
    private final Map<String, Map<String, String>> tags = new HashMap<>();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public DiskioCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    DiskioCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.diskstats = procRoot.resolve("diskstats");
        this.devices = NameFilter.of(config.devices_include(), config.devices_exclude());
        this.available = CollectorSettings.available(log, name(), diskstats);
    }

    @Override
    public String name() {
        return "diskio";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        for (DiskStats disk : DiskstatsParser.parse(reader.read(diskstats))) {
            if (!devices.accepts(disk.device())) {
                continue;
            }
            if (tags.size() > TAG_CACHE_MAX) {
                tags.clear(); // devices come and go (dm, loop); keep the cache bounded
            }
            Map<String, String> device = tags.computeIfAbsent(disk.device(),
                    name -> Map.of("device", TagValues.of(name)));
            context.emit("reads_completed_total", disk.readsCompleted(), device);
            context.emit("reads_merged_total", disk.readsMerged(), device);
            context.emit("read_bytes_total", disk.sectorsRead() * SECTOR_BYTES, device);
            context.emit("read_time_seconds_total", disk.readTimeMillis() / MILLIS, device);
            context.emit("writes_completed_total", disk.writesCompleted(), device);
            context.emit("writes_merged_total", disk.writesMerged(), device);
            context.emit("written_bytes_total", disk.sectorsWritten() * SECTOR_BYTES, device);
            context.emit("write_time_seconds_total", disk.writeTimeMillis() / MILLIS, device);
            context.emit("io_now", disk.ioInProgress(), device);
            context.emit("io_time_seconds_total", disk.ioTimeMillis() / MILLIS, device);
            context.emit("io_time_weighted_seconds_total", disk.weightedIoTimeMillis() / MILLIS, device);
        }
    }
}
