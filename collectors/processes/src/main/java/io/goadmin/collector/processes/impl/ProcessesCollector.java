package io.goadmin.collector.processes.impl;

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

/** Processes by state and the total number of threads, from every {@code /proc/[pid]/stat}. */
@Component(service = Collector.class, configurationPid = ProcessesCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProcessesCollector.Config.class)
public final class ProcessesCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.processes";
    /** How many processes are read between two checks for cancellation. */
    private static final int CANCEL_CHECK_EVERY = 256;

    /** The processes collector's settings. */
    @ObjectClassDefinition(name = "goadmin processes collector",
            description = "Process counts by state (running, sleeping, blocked, zombies, ...) and total threads.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";
    }

    private final Path procRoot;
    private final boolean available;
    private final ProcReader reader = new ProcReader();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public ProcessesCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"));
    }

    ProcessesCollector(Config config, Logger log, Path procRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.procRoot = procRoot;
        this.available = CollectorSettings.available(log, name(), procRoot.resolve("self/stat"));
    }

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public synchronized void collect(PollContext context) {
        if (!available) {
            return;
        }
        String[] entries = procRoot.toFile().list();
        if (entries == null) {
            return;
        }
        ProcessCounts counts = new ProcessCounts();
        int read = 0;
        for (String entry : entries) {
            if (entry.isEmpty() || !Character.isDigit(entry.charAt(0))) {
                continue;
            }
            if (++read % CANCEL_CHECK_EVERY == 0 && context.isCancelled()) {
                return;
            }
            String line;
            try {
                line = reader.read(procRoot.resolve(entry).resolve("stat"));
            } catch (IOException e) {
                continue; // the process ended between listing and reading
            }
            char state = PidStatParser.state(line);
            if (state != 0) {
                counts.add(state, PidStatParser.threads(line));
            }
        }
        context.emit("running", counts.running);
        context.emit("sleeping", counts.sleeping);
        context.emit("blocked", counts.blocked);
        context.emit("zombies", counts.zombies);
        context.emit("stopped", counts.stopped);
        context.emit("dead", counts.dead);
        context.emit("idle", counts.idle);
        context.emit("paging", counts.paging);
        context.emit("unknown", counts.unknown);
        context.emit("total", counts.total);
        context.emit("total_threads", counts.threads);
    }
}
