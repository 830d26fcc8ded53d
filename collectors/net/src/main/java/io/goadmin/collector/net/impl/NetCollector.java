package io.goadmin.collector.net.impl;

import java.io.IOException;
import java.nio.file.Files;
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

/** Per network interface traffic, error and drop counters from {@code /proc/net/dev}, tagged {@code interface}. */
@Component(service = Collector.class, configurationPid = NetCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetCollector.Config.class)
public final class NetCollector implements Collector {
    /** The configuration PID. */
    public static final String PID = "goadmin.collector.net";
    /** The loopback bit of an interface's flags in sysfs ({@code IFF_LOOPBACK}). */
    private static final int IFF_LOOPBACK = 0x8;
    private static final int CACHE_MAX = 4096;

    /** The network collector's settings. */
    @ObjectClassDefinition(name = "goadmin network collector",
            description = "Per interface bytes, packets, errors and drops received and sent, from /proc/net/dev.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Interfaces to include", required = false,
                description = "Interface names or globs (eth*, ens3); empty includes every interface not excluded.")
        String[] interfaces_include() default {};

        @AttributeDefinition(name = "Interfaces to exclude", required = false,
                description = "Interface names or globs left out, such as veth* on container hosts.")
        String[] interfaces_exclude() default {};

        @AttributeDefinition(name = "Loopback", description = "Report loopback interfaces (lo) too.")
        boolean loopback() default false;
    }

    private final Path netDev;
    private final Path sysClassNet;
    private final NameFilter interfaces;
    private final boolean loopback;
    private final boolean available;
    private final ProcReader reader = new ProcReader();
    private final Map<String, Map<String, String>> tags = new HashMap<>();
    private final Map<String, Boolean> loopbacks = new HashMap<>();

    /** Activated by DS with the configuration (or its defaults). */
    @Activate
    public NetCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        this(config, log, Path.of("/proc"), Path.of("/sys"));
    }

    NetCollector(Config config, Logger log, Path procRoot, Path sysRoot) {
        CollectorSettings.checkInterval(log, PID, config.collector_interval());
        this.netDev = procRoot.resolve("net/dev");
        this.sysClassNet = sysRoot.resolve("class/net");
        this.interfaces = NameFilter.of(config.interfaces_include(), config.interfaces_exclude());
        this.loopback = config.loopback();
        this.available = CollectorSettings.available(log, name(), netDev);
    }

    @Override
    public String name() {
        return "net";
    }

    @Override
    public synchronized void collect(PollContext context) throws IOException {
        if (!available) {
            return;
        }
        if (tags.size() > CACHE_MAX) {
            tags.clear(); // interfaces come and go (veth on container hosts); keep the caches bounded
            loopbacks.clear();
        }
        for (InterfaceStats stats : NetDevParser.parse(reader.read(netDev))) {
            String name = stats.name();
            if (!interfaces.accepts(name) || (!loopback && isLoopback(name))) {
                continue;
            }
            Map<String, String> tag = tags.computeIfAbsent(name, n -> Map.of("interface", TagValues.of(n)));
            context.emit("receive_bytes_total", stats.receiveBytes(), tag);
            context.emit("receive_packets_total", stats.receivePackets(), tag);
            context.emit("receive_errors_total", stats.receiveErrors(), tag);
            context.emit("receive_drops_total", stats.receiveDrops(), tag);
            context.emit("transmit_bytes_total", stats.transmitBytes(), tag);
            context.emit("transmit_packets_total", stats.transmitPackets(), tag);
            context.emit("transmit_errors_total", stats.transmitErrors(), tag);
            context.emit("transmit_drops_total", stats.transmitDrops(), tag);
        }
    }

    /** The loopback flag from sysfs, read once per interface name; by name ({@code lo}) where sysfs is missing. */
    private boolean isLoopback(String name) {
        return loopbacks.computeIfAbsent(name, n -> {
            Path flags = sysClassNet.resolve(n).resolve("flags");
            if (Files.isReadable(flags)) {
                try {
                    String hex = reader.readLine(flags).trim();
                    return (Integer.decode(hex) & IFF_LOOPBACK) != 0;
                } catch (IOException | NumberFormatException e) {
                    return n.equals("lo");
                }
            }
            return n.equals("lo");
        });
    }
}
