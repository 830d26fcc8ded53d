package io.goadmin.collector.mem.impl;

import java.io.IOException;
import java.nio.file.Path;

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
import io.goadmin.collector.support.ProcReader;
import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/** Physical memory from {@code /proc/meminfo}: total, available, used (as {@code free(1)} counts it), caches. */
@Component(service = Collector.class, configurationPid = MemCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MemCollector.Config.class)
public final class MemCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.mem";

    /** The memory collector's settings. */
    @ObjectClassDefinition(name = "goadmin memory collector",
            description = "Physical memory: total, available, used, free, buffers, page cache, from /proc/meminfo.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";
    }

    private final Path meminfo;
    private final boolean available;
    private final ProcReader reader = new ProcReader();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public MemCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    MemCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.meminfo = procRoot.resolve("meminfo");
        this.available = CollectorSettings.available(log, name(), meminfo);
    }

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        Meminfo mem;
        synchronized (reader) {
            mem = MeminfoParser.parse(reader.read(meminfo));
        }
        if (mem.total() <= 0) {
            return;
        }
        long availableBytes = mem.availableOrEstimate();
        long used = mem.used();
        context.emit("total_bytes", mem.total());
        context.emit("available_bytes", availableBytes);
        context.emit("available_percent", 100.0 * availableBytes / mem.total());
        context.emit("used_bytes", used);
        context.emit("used_percent", 100.0 * used / mem.total());
        context.emit("free_bytes", mem.free());
        emitIfPresent(context, "buffers_bytes", mem.buffers());
        emitIfPresent(context, "cached_bytes", mem.cached());
        emitIfPresent(context, "slab_reclaimable_bytes", mem.slabReclaimable());
        emitIfPresent(context, "shared_bytes", mem.shared());
    }

    private static void emitIfPresent(PollContext context, String key, long value) {
        if (value >= 0) {
            context.emit(key, value);
        }
    }
}
