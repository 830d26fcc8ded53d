package io.goadmin.collector.cpu.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
import io.goadmin.collector.support.ProcReader;
import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/**
 * CPU usage in percent per state ({@code usage_user_percent}, ...), for all CPUs together ({@code cpu=total}) and per
 * core ({@code cpu=cpu0}, ...), from {@code /proc/stat}. The first poll primes and emits nothing.
 */
@Component(service = Collector.class, configurationPid = CpuCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CpuCollector.Config.class)
public final class CpuCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.cpu";
    /** The tag value of the all-CPUs line. */
    static final String TOTAL = "total";

    /** The CPU collector's settings. */
    @ObjectClassDefinition(name = "goadmin CPU collector",
            description = "CPU usage percentages per state (user, system, idle, iowait, steal, ...) from /proc/stat.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Per CPU", description = "Report every core (tag cpu=cpu0, cpu1, ...).")
        boolean percpu() default true;

        @AttributeDefinition(name = "Total", description = "Report all CPUs together (tag cpu=total).")
        boolean totalcpu() default true;
    }

    private final Path procStat;
    private final boolean perCpu;
    private final boolean totalCpu;
    private final boolean available;
    private final ProcReader reader = new ProcReader();
    private final CpuUsage usage = new CpuUsage();
    private final double[] percentages = new double[CpuUsage.STATES.size()];
    private final String[] keys = new String[CpuUsage.STATES.size()];
    private final Map<String, Map<String, String>> tags = new HashMap<>();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public CpuCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    CpuCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.procStat = procRoot.resolve("stat");
        this.perCpu = config.percpu();
        this.totalCpu = config.totalcpu();
        this.available = CollectorSettings.available(log, name(), procStat);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "usage_" + CpuUsage.STATES.get(i) + "_percent";
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        List<CpuTimes> cpus = ProcStatParser.parse(reader.read(procStat));
        for (CpuTimes times : cpus) {
            boolean total = times.cpu().equals("cpu");
            if ((total ? totalCpu : perCpu) && usage.update(times, percentages)) {
                Map<String, String> cpuTags = tags.computeIfAbsent(times.cpu(),
                        cpu -> Map.of("cpu", total ? TOTAL : cpu));
                for (int i = 0; i < keys.length; i++) {
                    context.emit(keys[i], percentages[i], cpuTags);
                }
            }
        }
        usage.endPoll();
    }
}
