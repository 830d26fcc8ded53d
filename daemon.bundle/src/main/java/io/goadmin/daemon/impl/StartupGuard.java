package io.goadmin.daemon.impl;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.goadmin.core.Storage;
import io.goadmin.scheduler.SchedulerStatus;

/**
 * Makes a daemon that cannot do its job exit instead of idling: once the framework has started every layer, the
 * storage and the scheduler must be up within {@code goadmin.start.timeout} (default 15s). If either failed to
 * activate (a refused database path, a corrupt file, a bad configuration value), the daemon logs one line naming the
 * one that failed and stops the framework; the process then exits non-zero and nothing was written.
 */
@Component(immediate = true, service = {})
public final class StartupGuard implements FrameworkListener {
    static final String START_TIMEOUT_PROPERTY = "goadmin.start.timeout";
    private static final long CHECK_EVERY_MILLIS = 100;
    private static final List<Class<?>> ESSENTIAL = List.of(Storage.class, SchedulerStatus.class);

    private final BundleContext context;
    private final ServiceComponentRuntime runtime;
    private final Logger log;
    private final long timeoutMillis;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "goadmin-startup-guard"));
    private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();

    @Activate
    public StartupGuard(BundleContext context, @Reference ServiceComponentRuntime runtime,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.runtime = runtime;
        this.log = log;
        this.timeoutMillis = ShutdownCoordinator.parseTimeout(context.getProperty(START_TIMEOUT_PROPERTY), 15_000);
        context.addFrameworkListener(this);
        if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
            startChecking();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeFrameworkListener(this);
        timer.shutdownNow();
        timer.awaitTermination(1, TimeUnit.SECONDS);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) {
            startChecking();
        }
    }

    private void startChecking() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        timer.scheduleWithFixedDelay(() -> check(deadline), 0, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check(long deadline) {
        Optional<String> failed = failedEssential();
        if (failed.isPresent()) {
            stopDaemon(failed.get());
        } else if (ESSENTIAL.stream().allMatch(this::activates)) {
            log.info("goadmin ready in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            timer.shutdown();
        } else if (System.nanoTime() > deadline) {
            stopDaemon(missingEssential() + " after " + timeoutMillis + " ms");
        }
    }

    /**
     * True if the service is registered and its component really activates. DS registers a delayed component's
     * service before creating it, so a registered service alone does not prove the component can run.
     */
    private boolean activates(Class<?> type) {
        org.osgi.framework.ServiceReference<?> reference = context.getServiceReference(type);
        if (reference == null) {
            return false;
        }
        try {
            return context.getService(reference) != null;
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * Why an essential component cannot run, or empty. Storage is checked first: the scheduler waits for it, so a
     * storage failure also fails the scheduler, and naming the scheduler would hide the cause. A failing collector
     * or command is not a reason to stop the daemon: it is logged and the rest keeps working.
     */
    private Optional<String> failedEssential() {
        if (hasFailed(Storage.class)) {
            return Optional.of("storage failed to start (see the error above)");
        }
        if (hasFailed(SchedulerStatus.class)) {
            return Optional.of(activates(Storage.class) ? "scheduler failed to start (see the error above)"
                    : "storage is not available and the scheduler waits for storage");
        }
        return Optional.empty();
    }

    private String missingEssential() {
        if (!activates(Storage.class)) {
            return "storage not available (the scheduler waits for storage)";
        }
        return "scheduler not available";
    }

    /** True if a component providing {@code service} failed to activate. */
    private boolean hasFailed(Class<?> service) {
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (description.serviceInterfaces != null
                    && Arrays.asList(description.serviceInterfaces).contains(service.getName())
                    && runtime.getComponentConfigurationDTOs(description).stream()
                            .anyMatch(configuration -> configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION)) {
                return true;
            }
        }
        return false;
    }

    private void stopDaemon(String why) {
        timer.shutdown();
        StopReason.set("startup failed");
        log.error("goadmin cannot run: {}; stopping", why);
        try {
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
        } catch (BundleException e) {
            log.error("cannot stop the framework: {}", e.getMessage());
        }
    }
}
