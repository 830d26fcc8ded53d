package io.goadmin.scheduler.impl;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.goadmin.core.Collector;
import io.goadmin.core.Storage;
import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;

/** The scheduler as a DS component: configuration, the collector whiteboard and the life cycle, around {@link Scheduler}. */
@Component(configurationPid = SchedulerStatus.PID, service = SchedulerStatus.class, immediate = true)
@Designate(ocd = SchedulerComponent.Config.class)
public final class SchedulerComponent implements SchedulerStatus {

    /** The scheduler's configuration, {@code etc/goadmin.scheduler.cfg}; applied live when the file changes. */
    @ObjectClassDefinition(name = "goadmin scheduler",
            description = "Polls every collector on its interval with jitter, a bounded number of workers and a"
                    + " deadline per poll. Per-collector overrides: collector.<name>.interval = 30s and"
                    + " collector.<name>.enabled = false; they win over the collector's own service properties.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "false stops all polling, retention and the"
                + " scheduler's own metrics while the daemon stays up: the rollback switch for IO trouble.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Interval", description = "How often a collector is polled unless it or a"
                + " collector.<name>.interval says otherwise, for example 10s. At least 100ms.")
        String interval() default "10s";

        @AttributeDefinition(name = "Jitter", description = "The largest random delay added to each tick, so that"
                + " collectors and hosts do not all fire at once; capped at half the collector's interval. 0s turns"
                + " it off.")
        String jitter() default "1s";

        @AttributeDefinition(name = "Workers", description = "The most polls that run at once (1 to 64). A"
                + " collector stuck past its deadline gets a spare worker so the others keep their schedule.")
        int workers() default 2;

        @AttributeDefinition(name = "Timeout", description = "The deadline of one poll: past it the poll is"
                + " interrupted and its records discarded, for example 5s.")
        String timeout() default "5s";

        @AttributeDefinition(name = "Heartbeat", description = "How often the heartbeat line is logged, for"
                + " example 60s. At least 1s.")
        String heartbeat() default "60s";

        @AttributeDefinition(name = "Retention interval", description = "How often the storage retention job"
                + " runs, for example 1h.")
        String retention_interval() default "1h";

        @AttributeDefinition(name = "Shutdown timeout", description = "How long stopping waits for running polls"
                + " before it gives up on them, for example 3s. At most 1m.")
        String shutdown_timeout() default "3s";
    }

    private static final String[] REASONS = {"unspecified", "component disabled", "reference unbound",
        "configuration changed", "configuration deleted", "component disposed", "bundle stopped"};

    private final Scheduler scheduler;
    private final BundleContext context;
    private final Logger log;

    /** Parses the configuration (refusing to start on a bad value) and starts polling. */
    @Activate
    public SchedulerComponent(BundleContext context, @Reference Storage storage,
            @Reference(service = LoggerFactory.class) Logger log, Config config, Map<String, Object> properties) {
        this(context, log, new Scheduler(storage, log, parse(log, config, properties), Clock.systemUTC(),
                max -> ThreadLocalRandom.current().nextLong(max + 1), new ExecutorTimer()));
    }

    SchedulerComponent(BundleContext context, Logger log, Scheduler scheduler) {
        this.context = context;
        this.log = log;
        this.scheduler = scheduler;
        scheduler.start();
    }

    private static Settings parse(Logger log, Config config, Map<String, Object> properties) {
        try {
            return Settings.parse(config, properties);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage() + "; the scheduler does not start until it is fixed");
            throw e;
        }
    }

    /** Applies a changed configuration live; a bad one is logged and the running one kept. */
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        Settings next;
        try {
            next = Settings.parse(config, properties);
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage() + "; keeping the running configuration");
            return;
        }
        scheduler.applySettings(next);
    }

    /** Stops polling and waits, bounded, for the polls in flight. */
    @Deactivate
    void deactivate(int reason) {
        scheduler.stop(reason >= 0 && reason < REASONS.length ? REASONS[reason] : "code " + reason);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedCollector", unbind = "removeCollector")
    void addCollector(Collector collector, Map<String, Object> properties) {
        long bundleId = properties.get(Constants.SERVICE_BUNDLEID) instanceof Number n ? n.longValue() : -1;
        Bundle bundle = context == null || bundleId < 0 ? null : context.getBundle(bundleId);
        scheduler.addCollector(collector, properties, bundle == null ? "unknown" : bundle.getSymbolicName(),
                bundleId);
    }

    void updatedCollector(Collector collector, Map<String, Object> properties) {
        scheduler.updateCollector(collector, properties);
    }

    void removeCollector(Collector collector, Map<String, Object> properties) {
        scheduler.removeCollector(collector);
    }

    @Override
    public SchedulerSnapshot snapshot() {
        return scheduler.snapshot();
    }
}
