package io.goadmin.daemon.impl;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.goadmin.core.AuditEvent;
import io.goadmin.core.Storage;
import io.goadmin.core.json.Json;

/**
 * Records the daemon's own actions in the audit log (source {@code system}, subject {@code goadmin}): start and
 * stop, bundles hot-deployed into or removed from {@code deploy/} (status {@code error}, with the reason, for one
 * that cannot resolve), and changes to goadmin configuration.
 */
@Component(immediate = true, service = ConfigurationListener.class)
public final class SystemAudit implements ConfigurationListener, BundleListener {
    static final String SUBJECT = "goadmin";
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED_RECORDED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final Storage storage;
    private final Logger log;
    private final BundleContext context;
    private final Path deployFolder;

    @Activate
    public SystemAudit(BundleContext context, @Reference Storage storage,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.storage = storage;
        this.log = log;
        String home = context.getProperty("goadmin.home");
        this.deployFolder = home == null ? null : Path.of(home, "deploy").toAbsolutePath().normalize();
        // This component also restarts when storage does (a storage configuration edit): only the first
        // activation in this process is the daemon starting.
        if (STARTED_RECORDED.compareAndSet(false, true)) {
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("version", context.getBundle().getVersion().toString());
            started.put("home", home == null ? "" : home);
            started.put("pid", ProcessHandle.current().pid());
            record("daemon.started", started);
        }
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        if (isDaemonStopping()) {
            record("daemon.stopping", Map.of("reason", StopReason.get()));
        }
    }

    /**
     * True while the daemon shuts down: a signal or the startup guard recorded a reason (the layers then stop one
     * by one), or the framework itself is stopping (for example {@code stop 0} in the console).
     */
    private boolean isDaemonStopping() {
        return StopReason.isSet()
                || context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.STOPPING;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (!isHotDeployed(bundle)) {
            return;
        }
        String action = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "bundle.installed";
            case BundleEvent.UPDATED -> "bundle.updated";
            case BundleEvent.UNINSTALLED -> "bundle.uninstalled";
            default -> null;
        };
        if (action != null) {
            String name = bundle.getSymbolicName() == null ? "(no symbolic name)" : bundle.getSymbolicName();
            String problem = event.getType() == BundleEvent.UNINSTALLED ? null : MissingRequirements.of(bundle,
                    context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("bundle", name);
            payload.put("version", bundle.getVersion().toString());
            payload.put("location", bundle.getLocation());
            if (problem == null) {
                log.info("hot deploy: {} {} {}", action, name, bundle.getVersion());
                record(action, payload, AuditEvent.STATUS_OK);
            } else {
                log.warn("hot deploy: {} ({} {}) cannot start: {}; it stays installed but not started: deploy what "
                        + "it needs, or remove the file", fileName(bundle), name, bundle.getVersion(), problem);
                payload.put("problem", problem);
                record(action, payload, AuditEvent.STATUS_ERROR);
            }
        }
    }

    private static String fileName(Bundle bundle) {
        try {
            return Path.of(URI.create(bundle.getLocation())).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAPath) {
            return bundle.getLocation();
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getFactoryPid() != null ? event.getFactoryPid() : event.getPid();
        if (pid == null || !(pid.startsWith("goadmin.") || pid.startsWith("org.osgi.service.log.admin"))) {
            return;
        }
        String action = event.getType() == ConfigurationEvent.CM_DELETED ? "config.deleted" : "config.changed";
        log.info("configuration {}: {}", action.substring("config.".length()), event.getPid());
        record(action, Map.of("pid", event.getPid()));
    }

    /** FileInstall installs from locations such as {@code file:/home/deploy/x.jar}; runtime bundles are not files. */
    private boolean isHotDeployed(Bundle bundle) {
        String location = bundle.getLocation();
        if (deployFolder == null || location == null || !location.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize().startsWith(deployFolder);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAPath) {
            return false;
        }
    }

    private void record(String action, Map<String, ?> payload) {
        record(action, payload, AuditEvent.STATUS_OK);
    }

    private void record(String action, Map<String, ?> payload, String status) {
        String requestId = "sys-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            storage.saveAuditEvent(new AuditEvent(System.currentTimeMillis(), SUBJECT, action,
                    AuditEvent.SOURCE_SYSTEM, status, requestId, Json.redactedPayload(payload)));
        } catch (RuntimeException e) {
            log.warn("audit event {} ({}) not stored: {}", action, requestId, e.getMessage());
        }
    }
}
