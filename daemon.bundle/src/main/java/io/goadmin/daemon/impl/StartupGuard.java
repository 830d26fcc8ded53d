package io.goadmin.daemon.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
import org.osgi.framework.startlevel.BundleStartLevel;
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
 * one that failed and stops the framework; the process then exits non-zero and nothing was written. Otherwise it
 * logs {@code goadmin ready} once every component has started.
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
        boolean essentialsUp = failed.isEmpty() && ESSENTIAL.stream().allMatch(this::activates);
        if (failed.isPresent()) {
            stopDaemon(failed.get());
        } else if (essentialsUp && (settling().isEmpty() || System.nanoTime() > deadline)) {
            logReady();
            timer.shutdown();
        } else if (!essentialsUp && System.nanoTime() > deadline) {
            stopDaemon(missingEssential() + " after " + timeoutMillis + " ms");
        }
    }

    /**
     * Ready means more than storage and scheduler up: the launcher starts the top layer, and SCR its components on
     * its own thread, after those two are up; so this waits until every component has settled (collectors added,
     * the control socket listening) and names those that failed or are still starting.
     */
    private void logReady() {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        List<String> failed = failedComponents();
        List<String> settling = settling();
        StringBuilder line = new StringBuilder("goadmin ready in ").append(millis).append(" ms");
        if (!failed.isEmpty()) {
            line.append("; not running: ").append(String.join(", ", failed))
                    .append(failed.size() == 1 ? " (see the error above)" : " (see the errors above)");
        }
        if (!settling.isEmpty()) {
            line.append("; still starting: ").append(String.join(", ", settling));
        }
        log.info(line.toString());
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

    /** Components whose activation threw, by name. */
    private List<String> failedComponents() {
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (runtime.getComponentConfigurationDTOs(description).stream()
                    .anyMatch(configuration -> configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION)) {
                failed.add(description.name);
            }
        }
        return failed;
    }

    /**
     * What has not finished starting: a bundle marked to start that the framework has not started yet (bnd's launcher
     * raises the start level after the framework has started, and the framework's STARTED event comes before
     * that), a started bundle whose components SCR has not read yet, a component enabled but not yet created, or an
     * immediate component not yet active.
     */
    private List<String> settling() {
        List<String> settling = new ArrayList<>();
        Collection<ComponentDescriptionDTO> descriptions = runtime.getComponentDescriptionDTOs();
        for (Bundle bundle : context.getBundles()) {
            if (isWaitingToStart(bundle) || bundle.getState() == Bundle.ACTIVE
                    && bundle.getHeaders("").get("Service-Component") != null
                    && descriptions.stream().noneMatch(description -> description.bundle.id == bundle.getBundleId())) {
                settling.add(bundle.getSymbolicName());
            }
        }
        for (ComponentDescriptionDTO description : descriptions) {
            if (!runtime.isComponentEnabled(description)) {
                if (description.defaultEnabled) {
                    settling.add(description.name);
                }
                continue;
            }
            if (description.immediate && runtime.getComponentConfigurationDTOs(description).stream()
                    .anyMatch(configuration -> configuration.state == ComponentConfigurationDTO.SATISFIED)) {
                settling.add(description.name);
            }
        }
        return settling;
    }

    /**
     * Marked to start and resolved, but not started yet. A bundle that cannot resolve (INSTALLED) or that waits for
     * its first class load (lazy activation) is not waited for.
     */
    private static boolean isWaitingToStart(Bundle bundle) {
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        String activationPolicy = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        boolean lazy = activationPolicy != null && activationPolicy.trim().startsWith(Constants.ACTIVATION_LAZY)
                && startLevel != null && startLevel.isActivationPolicyUsed();
        return startLevel != null && startLevel.isPersistentlyStarted() && !lazy
                && (bundle.getState() == Bundle.RESOLVED || bundle.getState() == Bundle.STARTING)
                && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null;
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
