package io.goadmin.collector.jvm.impl;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.goadmin.collector.support.TagValues;
import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/**
 * The daemon's own JVM: heap and non-heap memory, threads, garbage collection per collector, open file descriptors,
 * CPU time and uptime. (The scheduler writes its own figures under the module {@code goadmin}; this is the JVM's.)
 * Memory, threads and GC come from the platform MXBeans and work everywhere; descriptors come from
 * {@code /proc/self} and are left out where it does not exist.
 */
@Component(service = Collector.class, configurationPid = JvmCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JvmCollector.Config.class)
public final class JvmCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.jvm";
    private static final double MILLIS = 1000;

    /** The JVM collector's settings. */
    @ObjectClassDefinition(name = "goadmin JVM collector",
            description = "The daemon's heap, non-heap, threads, GC count and time, file descriptors, CPU time, uptime.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Map<String, Map<String, String>> gcTags = new HashMap<>();
    private final Path fdDir;
    private final Path limits;
    private final boolean procAvailable;
    private final boolean limitsAvailable;
    private final ProcReader reader = new ProcReader();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public JvmCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    JvmCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.fdDir = procRoot.resolve("self/fd");
        this.limits = procRoot.resolve("self/limits");
        this.procAvailable = Files.isDirectory(fdDir);
        this.limitsAvailable = Files.isReadable(limits);
        if (!procAvailable) {
            log.info("collector jvm: {} is not there on this platform; open_fds and max_fds are left out", fdDir);
        }
    }

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        context.emit("heap_used_bytes", heap.getUsed());
        context.emit("heap_committed_bytes", heap.getCommitted());
        if (heap.getMax() >= 0) {
            context.emit("heap_max_bytes", heap.getMax());
        }
        context.emit("nonheap_used_bytes", nonHeap.getUsed());
        context.emit("nonheap_committed_bytes", nonHeap.getCommitted());
        context.emit("threads_live", threads.getThreadCount());
        context.emit("threads_daemon", threads.getDaemonThreadCount());
        context.emit("threads_peak", threads.getPeakThreadCount());
        for (GarbageCollectorMXBean gc : collectors) {
            Map<String, String> tag = gcTags.computeIfAbsent(gc.getName(), n -> Map.of("gc", TagValues.of(n)));
            if (gc.getCollectionCount() >= 0) {
                context.emit("gc_collections_total", gc.getCollectionCount(), tag);
            }
            if (gc.getCollectionTime() >= 0) {
                context.emit("gc_time_seconds_total", gc.getCollectionTime() / MILLIS, tag);
            }
        }
        Optional<Duration> cpu = ProcessHandle.current().info().totalCpuDuration();
        if (cpu.isPresent()) {
            context.emit("process_cpu_seconds_total", cpu.get().toNanos() / 1e9);
        }
        context.emit("uptime_seconds", runtime.getUptime() / MILLIS);
        if (procAvailable) {
            String[] fds = fdDir.toFile().list();
            if (fds != null) {
                // listing the folder holds one descriptor open itself; it is not the daemon's
                context.emit("open_fds", Math.max(0, fds.length - 1));
            }
            long max = limitsAvailable ? LimitsParser.maxOpenFiles(reader.read(limits)) : -1;
            if (max >= 0) {
                context.emit("max_fds", max);
            }
        }
    }
}
