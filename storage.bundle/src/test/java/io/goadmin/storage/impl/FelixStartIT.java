package io.goadmin.storage.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The built bundle in a real Felix with only the daemon's runtime bundles (core, Jackson, sqlite-jdbc, SCR,
 * ConfigAdmin, Log, and the OSGi component API, promise and function bundles that SCR needs): it resolves, Flyway migrates from inside it, the
 * Storage service appears and stores a record, and stopping the framework leaves no storage thread.
 */
class FelixStartIT {
    @TempDir
    Path folder;

    @Test
    void anUnsafeHomeIsRefusedWithOneClearLineAndNoService() throws Exception {
        Path home = Files.createDirectory(folder.resolve("open-home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, folder.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("goadmin.home", home.toString());
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        List<String> log = new CopyOnWriteArrayList<>();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String jar : System.getProperty("it.bundles").split(",")) {
                bundles.add(context.installBundle(Path.of(jar).toUri().toString()));
            }
            bundles.add(context.installBundle(Path.of(System.getProperty("it.bundle.storage")).toUri().toString()));
            for (Bundle bundle : bundles) {
                bundle.start();
                if ("org.apache.felix.log".equals(bundle.getSymbolicName())) {
                    listenToLog(bundle, log);
                }
            }
            // SCR activates the component, and the log delivers its entries, on their own threads.
            long giveUp = System.nanoTime() + 30_000_000_000L;
            while (log.stream().noneMatch(line -> line.startsWith("ERROR")) && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            assertThat(context.getServiceReferences((String) null, "(objectClass=io.goadmin.core.Storage)"))
                    .isNull();
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }

        String expected = "ERROR storage path " + home.resolve("data/goadmin.db") + " is under " + home
                + ", which every user can write";
        assertThat(log).as("log").filteredOn(line -> line.startsWith(expected)).hasSize(1);
        assertThat(home.resolve("data")).doesNotExist();
    }

    @Test
    void storageBundleResolvesAndPublishesAWorkingStorage() throws Exception {
        Path home = folder.resolve("home");
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, folder.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("goadmin.home", home.toString());
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String jar : System.getProperty("it.bundles").split(",")) {
                bundles.add(context.installBundle(Path.of(jar).toUri().toString()));
            }
            Bundle storageBundle = context.installBundle(Path.of(System.getProperty("it.bundle.storage")).toUri()
                    .toString());
            bundles.add(storageBundle);
            List<String> log = new CopyOnWriteArrayList<>();
            for (Bundle bundle : bundles) {
                bundle.start();
                if ("org.apache.felix.log".equals(bundle.getSymbolicName())) {
                    listenToLog(bundle, log);
                }
            }
            assertThat(storageBundle.getState()).isEqualTo(Bundle.ACTIVE);

            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                    context.createFilter("(objectClass=io.goadmin.core.Storage)"), null);
            // All services: this class path has its own io.goadmin.core, which is not the framework's.
            tracker.open(true);
            Object storage = tracker.waitForService(30_000);
            assertThat(storage).as("the Storage service; log: %s", log).isNotNull();

            Class<?> recordType = storageBundle.loadClass("io.goadmin.core.MetricRecord");
            Constructor<?> newRecord = recordType.getConstructor(long.class, String.class, String.class, double.class);
            Class<?> storageType = storageBundle.loadClass("io.goadmin.core.Storage");
            storageType.getMethod("saveMetric", recordType).invoke(storage, newRecord.newInstance(1000L, "cpu",
                    "usage", 42.0));
            Object status = storageType.getMethod("status").invoke(storage);
            assertThat(status.getClass().getMethod("recordsWritten").invoke(status)).isEqualTo(1L);
            assertThat(status.getClass().getMethod("schemaVersion").invoke(status)).isEqualTo("1");
            tracker.close();
            assertThat(log).as("log").noneMatch(line -> line.startsWith("ERROR") || line.startsWith("WARN"));
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }

        assertThat(home.resolve("data/goadmin.db")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("tmp"))))
                .isEqualTo("rwx------");
        try (Stream<Path> extracted = Files.list(home.resolve("tmp"))) {
            assertThat(extracted).as("sqlite-jdbc's native library, extracted into the private tmp folder")
                    .anyMatch(file -> file.getFileName().toString().contains("sqlitejdbc"));
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("goadmin-storage"));
    }

    /** Copies every log entry into {@code lines}; the log API classes are the framework's, so by reflection. */
    private static void listenToLog(Bundle logBundle, List<String> lines) throws Exception {
        BundleContext context = logBundle.getBundleContext();
        Class<?> readerType = logBundle.loadClass("org.osgi.service.log.LogReaderService");
        Class<?> listenerType = logBundle.loadClass("org.osgi.service.log.LogListener");
        Class<?> entryType = logBundle.loadClass("org.osgi.service.log.LogEntry");
        Object reader = context.getService(context.getServiceReference(readerType.getName()));
        InvocationHandler onEntry = (proxy, method, arguments) -> {
            if ("logged".equals(method.getName())) {
                Object entry = arguments[0];
                Object level = entryType.getMethod("getLogLevel").invoke(entry);
                Object message = entryType.getMethod("getMessage").invoke(entry);
                Object failure = entryType.getMethod("getException").invoke(entry);
                String line = level + " " + message + (failure == null ? "" : " " + failure);
                lines.add(line);
            }
            return null;
        };
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                onEntry);
        readerType.getMethod("addLogListener", listenerType).invoke(reader, listener);
    }
}
