package io.goadmin.collector.example.impl;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
 * An example collector, written the way a third party writes one: a DS component publishing {@link Collector},
 * configured by a typed {@code Config}. Every poll it emits two fixed values and a counter that grows by the
 * configured step, so tests can predict exactly what it stores.
 */
@Component(service = Collector.class, configurationPid = ExampleCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExampleCollector.Config.class)
public final class ExampleCollector implements Collector {
    /** The configuration PID: {@code <home>/etc/goadmin.collector.example.cfg}. */
    public static final String PID = "goadmin.collector.example";

    /** The example collector's settings; each element is a configuration property (an {@code _} reads as {@code .}). */
    @ObjectClassDefinition(name = "goadmin example collector",
            description = "An example collector: the values answer=42 and pi, and a counter growing by a step.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false keeps the collector registered but not polled.")
        boolean collector_enabled() default true;

        @AttributeDefinition(name = "Interval", required = false,
                description = "How often to poll, such as 10s or 1m; empty uses the scheduler's interval.")
        String collector_interval() default "";

        @AttributeDefinition(name = "Counter step", description = "How much counter_total grows on every poll.")
        long counter_step() default 1;

        @AttributeDefinition(name = "Counter label", description = "The value of the counter's 'label' tag.")
        String counter_label() default "example";
    }

    private final long step;
    private final Map<String, String> counterTags;
    private final AtomicLong counter = new AtomicLong();

    /** Activated by DS with the configuration, or with the defaults above when there is none. */
    @Activate
    public ExampleCollector(Config config, @Reference(service = LoggerFactory.class) Logger log) {
        if (config.counter_step() < 0) {
            log.error("{} counter.step '{}' is invalid: use 0 or a positive number", PID, config.counter_step());
            throw new IllegalArgumentException(PID + " counter.step must not be negative");
        }
        this.step = config.counter_step();
        this.counterTags = Map.of("label", config.counter_label());
        log.info("example collector active: counter step {}", step);
    }

    @Override
    public String name() {
        return "example";
    }

    @Override
    public void collect(PollContext context) {
        context.emit("answer", 42);
        context.emit("pi", Math.PI);
        context.emit("counter_total", counter.addAndGet(step), counterTags);
    }
}
