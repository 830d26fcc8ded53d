package io.goadmin.collector.system.impl;

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

/** Load averages, uptime, online CPUs and kernel tasks from {@code /proc/loadavg}, {@code /proc/uptime} and sysfs. */
@Component(service = Collector.class, configurationPid = SystemCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SystemCollector.Config.class)
public final class SystemCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.system";

    /** The system collector's settings. */
    @ObjectClassDefinition(name = "goadmin system collector",
            description = "Load averages, uptime, number of online CPUs, runnable and total kernel tasks.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";
    }

    private final Path loadavg;
    private final Path uptime;
    private final Path cpusOnline;
    private final boolean available;
    private final boolean cpusAvailable;
    private final ProcReader reader = new ProcReader();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public SystemCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"), Path.of("/sys"));
    }

    SystemCollector(Config config, Logger log, Path procRoot, Path sysRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.loadavg = procRoot.resolve("loadavg");
        this.uptime = procRoot.resolve("uptime");
        this.cpusOnline = sysRoot.resolve("devices/system/cpu/online");
        this.available = CollectorSettings.available(log, name(), loadavg);
        this.cpusAvailable = Files.isReadable(cpusOnline);
    }

    @Override
    public String name() {
        return "system";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        SystemParsers.Loadavg load = SystemParsers.loadavg(reader.read(loadavg));
        context.emit("load1", load.load1());
        context.emit("load5", load.load5());
        context.emit("load15", load.load15());
        context.emit("tasks_running", load.tasksRunning());
        context.emit("tasks_total", load.tasksTotal());
        context.emit("uptime_seconds", SystemParsers.uptime(reader.read(uptime)));
        if (cpusAvailable) {
            context.emit("n_cpus", SystemParsers.cpuCount(reader.readLine(cpusOnline)));
        }
    }
}
