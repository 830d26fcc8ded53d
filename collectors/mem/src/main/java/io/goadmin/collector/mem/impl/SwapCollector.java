package io.goadmin.collector.mem.impl;

import java.io.IOException;
import java.nio.file.Files;
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

/**
 * Swap space from {@code /proc/meminfo} and pages swapped in and out from {@code /proc/vmstat}, also in bytes with
 * the page size from {@code /proc/self/auxv}. A machine without swap reports zero totals rather than nothing, so
 * "no swap" is visible.
 */
@Component(service = Collector.class, configurationPid = SwapCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SwapCollector.Config.class)
public final class SwapCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.swap";

    /** The swap collector's settings. */
    @ObjectClassDefinition(name = "goadmin swap collector",
            description = "Swap space total, used and free, and pages (and bytes) swapped in and out since boot.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";
    }

    private final Path meminfo;
    private final Path vmstat;
    private final boolean available;
    private final boolean pagingAvailable;
    /** Bytes per page, or -1 if unknown (then paging is reported in pages only). */
    private final long pageSize;
    private final ProcReader reader = new ProcReader();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public SwapCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    SwapCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.meminfo = procRoot.resolve("meminfo");
        this.vmstat = procRoot.resolve("vmstat");
        this.available = CollectorSettings.available(log, name(), meminfo);
        this.pagingAvailable = available && Files.isReadable(vmstat);
        this.pageSize = pagingAvailable ? Auxv.pageSize(procRoot.resolve("self/auxv")) : -1;
    }

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        synchronized (reader) {
            Meminfo mem = MeminfoParser.parse(reader.read(meminfo));
            long total = Math.max(0, mem.swapTotal());
            long free = Math.max(0, mem.swapFree());
            long used = Math.max(0, total - free);
            context.emit("total_bytes", total);
            context.emit("free_bytes", free);
            context.emit("used_bytes", used);
            context.emit("used_percent", total == 0 ? 0 : 100.0 * used / total);
            if (pagingAvailable) {
                String text = reader.read(vmstat);
                emitPaging(context, "in", VmstatParser.counter(text, "pswpin"));
                emitPaging(context, "out", VmstatParser.counter(text, "pswpout"));
            }
        }
    }

    private void emitPaging(PollContext context, String direction, double pages) {
        if (pages >= 0) {
            context.emit(direction + "_pages_total", pages);
            if (pageSize > 0) {
                context.emit(direction + "_bytes_total", pages * pageSize);
            }
        }
    }
}
