package io.goadmin.daemon.impl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.goadmin.scheduler.SchedulerSnapshot;
import io.goadmin.scheduler.SchedulerStatus;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into an ordered, bounded framework stop. The launcher alone would let the JVM exit
 * without stopping the framework, so no component would deactivate and nothing would be flushed. Here a shutdown
 * hook lowers the start level one layer at a time (collectors and commands, then the scheduler, then storage), logging
 * each, then stops the framework and waits for it with a bound ({@code goadmin.stop.timeout}, default 8s: under
 * systemd's stop timeout, so the daemon ends itself before it is killed).
 */
@Component(immediate = true)
public final class ShutdownCoordinator {
    /** Framework property: the most milliseconds a stop may take before the process exits anyway. */
    static final String STOP_TIMEOUT_PROPERTY = "goadmin.stop.timeout";
    private static final long DEFAULT_STOP_TIMEOUT_MILLIS = 8000;
    private static final String SOURCE = "io.goadmin.daemon";

    private final Logger log;
    private final Bundle systemBundle;
    private final long stopTimeoutMillis;
    private final Thread hook;
    private final List<Runnable> restoreSignals = new ArrayList<>();
    private final PrintStream out = System.out;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SchedulerStatus scheduler;

    @Activate
    public ShutdownCoordinator(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        this.stopTimeoutMillis = parseTimeout(context.getProperty(STOP_TIMEOUT_PROPERTY), DEFAULT_STOP_TIMEOUT_MILLIS);
        installSignalHandler("TERM");
        installSignalHandler("INT");
        this.hook = new Thread(this::stopFramework, "goadmin-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running the hooks; ours is the one stopping the framework.
            }
        }
        restoreSignals.forEach(Runnable::run);
    }

    private void installSignalHandler(String name) {
        Signal signal = new Signal(name);
        try {
            SignalHandler[] previous = new SignalHandler[1];
            previous[0] = Signal.handle(signal, received -> {
                StopReason.set("SIG" + name);
                previous[0].handle(received);
            });
            if (previous[0] == SignalHandler.SIG_DFL || previous[0] == SignalHandler.SIG_IGN) {
                // Nothing to chain to (JVM started with -Xrs): leave the signal as it was.
                Signal.handle(signal, previous[0]);
                return;
            }
            restoreSignals.add(() -> Signal.handle(signal, previous[0]));
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            log.debug("cannot watch SIG{}: {}", name, unavailable.getMessage());
        }
    }

    /** Runs in the JVM's shutdown: stops the framework layer by layer within the bound. */
    private void stopFramework() {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMillis);
        StopReason.set("JVM shutdown");
        ConsoleFormat.print(out, "INFO", SOURCE, "stopping: reason=" + StopReason.get() + activeWork());
        FrameworkStartLevel startLevel = systemBundle.adapt(FrameworkStartLevel.class);
        if (startLevel != null) {
            for (int level = startLevel.getStartLevel(); level > 1 && System.nanoTime() < deadline; level--) {
                stopLayer(startLevel, level, deadline);
            }
        }
        try {
            systemBundle.stop();
            if (systemBundle instanceof Framework) {
                long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                FrameworkEvent event = ((Framework) systemBundle).waitForStop(remaining);
                if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    ConsoleFormat.print(out, "WARN", SOURCE, "framework did not stop within "
                            + stopTimeoutMillis + " ms; exiting anyway");
                }
            }
        } catch (BundleException e) {
            ConsoleFormat.print(out, "ERROR", SOURCE, "framework stop failed: " + ConsoleFormat.rootCause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ConsoleFormat.print(out, "INFO", SOURCE, "stopped in " + elapsedMillis(start) + " ms (reason="
                + StopReason.get() + ")");
    }

    private void stopLayer(FrameworkStartLevel startLevel, int level, long deadline) {
        String names = activeBundlesAt(level);
        if (names.isEmpty()) {
            startLevel.setStartLevel(level - 1);
            return;
        }
        long layerStart = System.nanoTime();
        ConsoleFormat.print(out, "INFO", SOURCE, "stopping layer " + level + ": " + names);
        CountDownLatch changed = new CountDownLatch(1);
        startLevel.setStartLevel(level - 1, event -> changed.countDown());
        try {
            if (!changed.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                ConsoleFormat.print(out, "WARN", SOURCE, "layer " + level + " did not stop in time");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ConsoleFormat.print(out, "INFO", SOURCE, "layer " + level + " stopped in " + elapsedMillis(layerStart) + " ms");
    }

    private String activeBundlesAt(int level) {
        List<String> names = new ArrayList<>();
        for (Bundle bundle : systemBundle.getBundleContext().getBundles()) {
            BundleStartLevel bundleLevel = bundle.adapt(BundleStartLevel.class);
            if (bundle.getState() == Bundle.ACTIVE && bundleLevel != null && bundleLevel.getStartLevel() == level) {
                names.add(ConsoleFormat.shortSource(bundle.getSymbolicName()));
            }
        }
        return names.stream().sorted().collect(Collectors.joining(", "));
    }

    private String activeWork() {
        SchedulerStatus current = scheduler;
        if (current == null) {
            return "";
        }
        try {
            SchedulerSnapshot snapshot = current.snapshot();
            return ", active workers=" + snapshot.activeWorkers() + ", queued polls=" + snapshot.queueSize();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** A positive number of milliseconds from a framework property, or {@code fallback}. */
    static long parseTimeout(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value.trim());
            return millis > 0 ? millis : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
