package io.goadmin.testbundle.flood.impl;

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

import io.goadmin.core.Collector;
import io.goadmin.core.PollContext;

/**
 * Synthetic load for the soak and fault tests: every poll emits {@code records.per.poll} records spread over
 * {@code keys} keys and {@code series} tag values per key, each value a running sequence number so a test can tell
 * which records reached the disk.
 */
@Component(service = Collector.class, configurationPid = FloodCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FloodCollector.Config.class)
public final class FloodCollector implements Collector {
    /** The configuration PID: {@code <home>/etc/goadmin.collector.flood.cfg}. */
    public static final String PID = "goadmin.collector.flood";

    /** The flood's settings. */
    @ObjectClassDefinition(name = "goadmin flood test collector",
            description = "Emits many records per poll, for load and fault tests. Never deploy it on a real host.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 1s; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Records per poll", description = "How many records one poll emits.")
        int records_per_poll() default 1000;

        @AttributeDefinition(name = "Keys", description = "How many distinct keys the records are spread over.")
        int keys() default 50;

        @AttributeDefinition(name = "Series per key",
                description = "How many distinct values of the 'series' tag each key takes.")
        int series() default 20;
    }

    private final int recordsPerPoll;
    private final String[] keys;
    private final Map<String, String>[] tags;
    private long sequence;

    /** Activated by DS with the configuration, or the defaults. */
    @Activate
    @SuppressWarnings("unchecked")
    public FloodCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        if (config.records_per_poll() < 0 || config.keys() < 1 || config.series() < 1) {
            log.error("{}: records.per.poll must be 0 or more, keys and series 1 or more", PID);
            throw new IllegalArgumentException(PID + " has an invalid setting");
        }
        this.recordsPerPoll = config.records_per_poll();
        this.keys = new String[config.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key_" + i;
        }
        this.tags = new Map[config.series()];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = Map.of("series", "s" + i, "host", "flood");
        }
        log.info("flood collector active: {} records per poll over {} keys x {} series", recordsPerPoll, keys.length,
                tags.length);
    }

    @Override
    public String name() {
        return "flood";
    }

    // The scheduler never polls one collector twice at once, but a poll may run on any worker thread.
    @Override
    public synchronized void collect(PollContext context) {
        for (int i = 0; i < recordsPerPoll && !context.isCancelled(); i++) {
            long n = sequence++;
            context.emit(keys[(int) (n % keys.length)], n, tags[(int) ((n / keys.length) % tags.length)]);
        }
    }
}
